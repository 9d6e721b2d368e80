#!/usr/bin/python3
# Captures Apache httpd's default error documents: a missing file (404), `Require all denied` (403),
# Basic auth (401 with its challenge), a method AllowMethods refuses (405), a body over
# LimitRequestBody (413), a CGI script that prints no headers (500), an unknown method (501),
# mod_proxy in front of a dead upstream (503) and of one slower than its timeout (502: httpd 2.4
# reports a read timeout as "Error reading from remote server"), and a malformed request line (400).
# Writes out/apache-httpd.json.
# Debian packages: apache2. Run with /usr/bin/python3 from this folder (as root: httpd drops to
# www-data for its workers).
import base64
import hashlib
import os
import subprocess

from native.native_lib import (dead_port, free_port, record_raw, render_template,
                               serve_process, slow_upstream, work_dir)
from capture_lib import record, write

version = subprocess.run(['apache2', '-v'], capture_output=True, text=True).stdout.split()[2]
package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'apache2'], capture_output=True, text=True).stdout
origin = f'ran {version} (Debian package apache2 {package}) here, native/apache/httpd.conf.in'
work = work_dir('apache')
os.makedirs(os.path.join(work, 'htdocs'))
os.makedirs(os.path.join(work, 'cgi-bin'))
with open(os.path.join(work, 'htdocs', 'index.html'), 'w') as page:
    page.write('<p>home</p>\n')
# A CGI script that prints a body without headers: httpd answers 500 ("malformed header")
for script in ('broken.cgi', 'upload.cgi'):
    path = os.path.join(work, 'cgi-bin', script)
    with open(path, 'w') as cgi:
        cgi.write('#!/bin/sh\necho "this line is not a header"\n')
    os.chmod(path, 0o755)
digest = base64.b64encode(hashlib.sha1(b'wonderland').digest()).decode()
with open(os.path.join(work, 'htpasswd'), 'w') as users:
    users.write(f'alice:{{SHA}}{digest}\n')
slow = slow_upstream()
port = free_port()
config = render_template('apache/httpd.conf.in', work, {
    'WORK': work, 'PORT': port, 'DEAD': dead_port(), 'SLOW': slow.port,
})
port, stop = serve_process(['apache2', '-X', '-f', config], port, 'apache',
                           env={'APACHE_RUN_DIR': work, 'APACHE_LOCK_DIR': work})
try:
    cases = [
        record(port, 'missing file (404)', origin, '/nope.html'),
        record(port, 'Require all denied (403)', origin, '/admin'),
        record(port, 'Basic auth without credentials (401)', origin, '/private'),
        record(port, 'AllowMethods GET refuses a POST (405)', origin, '/readonly/index.html', method='POST',
               headers={'Content-Type': 'application/json'}, body='{}'),
        record(port, 'body over LimitRequestBody (413)', origin, '/cgi-bin/upload.cgi', method='POST',
               headers={'Content-Type': 'application/json'}, body='{"note": "' + 'x' * 100 + '"}'),
        record(port, 'CGI script without headers (500)', origin, '/cgi-bin/broken.cgi'),
        record(port, 'unknown method (501)', origin, '/index.html', method='BREW'),
        record(port, 'proxy to a dead upstream (503)', origin, '/api/users'),
        record(port, 'proxy to an upstream slower than timeout=1 (502 Proxy Error)', origin, '/slow/users'),
        record_raw(port, 'malformed request line (400)', origin, b'GET /a b c\r\nHost: x\r\n\r\n',
                   'a request line with spaces in its target'),
    ]
finally:
    stop()
    slow.stop()
write('apache-httpd', 'Apache httpd', cases)
