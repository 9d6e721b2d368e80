#!/usr/bin/python3
# Captures lighttpd's default error pages: a missing file (404), url.access-deny (403), Basic auth
# (401 with its challenge), a body over server.max-request-size (413), an
# unknown method, mod_proxy in front of a dead upstream, of one that answers garbage and of one
# slower than its read-timeout, and a malformed request line (400). Writes out/lighttpd.json.
# Debian packages: lighttpd. Run with /usr/bin/python3 from this folder.
import base64
import hashlib
import os
import subprocess

from native.native_lib import (dead_port, free_port, garbage_upstream, record_raw, render_template,
                               serve_process, slow_upstream, work_dir)
from capture_lib import record, write

version = subprocess.run(['lighttpd', '-v'], capture_output=True, text=True).stdout.split()[0]
package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'lighttpd'], capture_output=True, text=True).stdout
origin = f'ran {version} (Debian package lighttpd {package}) here, native/lighttpd/lighttpd.conf.in'
work = work_dir('lighttpd')
os.makedirs(os.path.join(work, 'htdocs'))
with open(os.path.join(work, 'htdocs', 'index.html'), 'w') as page:
    page.write('<p>home</p>\n')
digest = base64.b64encode(hashlib.sha1(b'wonderland').digest()).decode()
with open(os.path.join(work, 'htpasswd'), 'w') as users:
    users.write(f'alice:{{SHA}}{digest}\n')
slow, broken = slow_upstream(), garbage_upstream()
port = free_port()
config = render_template('lighttpd/lighttpd.conf.in', work, {
    'WORK': work, 'PORT': port, 'DEAD': dead_port(), 'SLOW': slow.port, 'BROKEN': broken.port,
})
port, stop = serve_process(['lighttpd', '-D', '-f', config], port, 'lighttpd')
try:
    cases = [
        record(port, 'missing file (404)', origin, '/nope.html'),
        record(port, 'url.access-deny (403)', origin, '/admin/index.html'),
        record(port, 'Basic auth without credentials (401)', origin, '/private/index.html'),
        record(port, 'body over server.max-request-size (413)', origin, '/index.html', method='POST',
               headers={'Content-Type': 'application/json'}, body='{"note": "' + 'x' * 2048 + '"}',
               show_body=False),
        record(port, 'unknown method', origin, '/index.html', method='BREW'),
        record(port, 'proxy to a dead upstream', origin, '/api/users'),
        record(port, 'proxy to an upstream that answers garbage', origin, '/broken/users'),
        record(port, 'proxy to an upstream slower than read-timeout', origin, '/slow/users'),
        record_raw(port, 'malformed request line (400)', origin, b'GET /a b c\r\nHost: x\r\n\r\n',
                   'a request line with spaces in its target'),
    ]
finally:
    stop()
    slow.stop()
    broken.stop()
write('lighttpd', 'lighttpd', cases)
