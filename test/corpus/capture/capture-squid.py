#!/usr/bin/python3
# Captures Squid's default error pages as a reverse proxy (accel): an upstream port nothing listens
# on (Squid 5.7 reports ERR_READ_ERROR), one slower than read_timeout (ERR_READ_TIMEOUT),
# `http_access deny` (ERR_ACCESS_DENIED) and a body over request_body_max_size (ERR_TOO_BIG). Each
# page carries the time it was made, so bodies change per run; the x-cache-lookup header names the
# listening port, so it is dropped. Writes out/squid.json.
# Debian packages: squid. Run with /usr/bin/python3 from this folder, as root (Squid drops to the
# proxy user).
import os
import shutil
import subprocess

from native.native_lib import dead_port, free_port, render_template, serve_process, slow_upstream, work_dir
from capture_lib import json_req, record, write

package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'squid'], capture_output=True, text=True).stdout
origin = f'ran Squid (Debian package squid {package}) here as a reverse proxy, native/squid/squid.conf.in'
work = work_dir('squid')
shutil.chown(work, user='proxy', group='proxy')
slow = slow_upstream()
port = free_port()
config = render_template('squid/squid.conf.in', work, {
    'WORK': work, 'PORT': port, 'DEAD': dead_port(), 'SLOW': slow.port,
})
os.chmod(config, 0o644)
port, stop = serve_process(['squid', '-N', '-f', config], port, 'squid', cwd=work, seconds=60)
HOST = {'Host': 'api.example.test'}
try:
    cases = [
        record(port, 'upstream port nothing listens on (ERR_READ_ERROR)', origin, '/users', headers=HOST),
        record(port, 'upstream slower than read_timeout (ERR_READ_TIMEOUT)', origin, '/slow/users', headers=HOST),
        record(port, 'http_access deny (ERR_ACCESS_DENIED)', origin, '/admin', headers=HOST),
        record(port, 'body over request_body_max_size (ERR_TOO_BIG)', origin, '/users',
               **json_req('POST', '{"note": "' + 'x' * 2048 + '"}', HOST), show_body=False),
    ]
finally:
    stop()
    slow.stop()
for case in cases:
    case['response']['headers'].pop('x-cache-lookup', None)
write('squid', 'Squid', cases)
