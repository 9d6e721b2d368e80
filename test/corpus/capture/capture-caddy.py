#!/usr/bin/python3
# Captures Caddy's default error responses (no handle_errors, so every body is empty): a missing
# file, basicauth (401 with its challenge), the `error` directive (403), a body over request_body
# max_size sent on through reverse_proxy (Caddy 2.6 answers 502), and reverse_proxy in front of a
# dead upstream and of one slower than its response_header_timeout. Writes out/caddy.json.
# Debian packages: caddy. Run with /usr/bin/python3 from this folder.
import os
import subprocess

from native.native_lib import (dead_port, free_port, render_template, serve_process,
                               slow_upstream, work_dir)
from capture_lib import record, write

version = subprocess.run(['caddy', 'version'], capture_output=True, text=True).stdout.split()[0]
package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'caddy'], capture_output=True, text=True).stdout
origin = f'ran caddy {version} (Debian package caddy {package}) here, native/caddy/Caddyfile.in'
work = work_dir('caddy')
os.makedirs(os.path.join(work, 'htdocs'))
with open(os.path.join(work, 'htdocs', 'index.html'), 'w') as page:
    page.write('<p>home</p>\n')
password_hash = subprocess.run(['caddy', 'hash-password', '--plaintext', 'wonderland'],
                               capture_output=True, text=True, check=True).stdout.strip()
slow = slow_upstream()
port = free_port()
config = render_template('caddy/Caddyfile.in', work, {
    'WORK': work, 'PORT': port, 'DEAD': dead_port(), 'SLOW': slow.port,
    'HASH': password_hash,
})
env = {'HOME': work, 'XDG_DATA_HOME': work, 'XDG_CONFIG_HOME': work}
port, stop = serve_process(['caddy', 'run', '--adapter', 'caddyfile', '--config', config], port, 'caddy',
                           env=env)
try:
    cases = [
        record(port, 'missing file (404)', origin, '/nope.html'),
        record(port, 'basicauth without credentials (401)', origin, '/private/index.html'),
        record(port, 'error directive with status 403', origin, '/admin/users'),
        record(port, 'body over request_body max_size', origin, '/upload/avatar', method='POST',
               headers={'Content-Type': 'application/json'}, body='{"note": "' + 'x' * 100 + '"}'),
        record(port, 'reverse_proxy to a dead upstream (502)', origin, '/api/users'),
        record(port, 'reverse_proxy to an upstream slower than response_header_timeout', origin, '/slow/users'),
    ]
finally:
    stop()
    slow.stop()
write('caddy', 'Caddy', cases)
