#!/usr/bin/python3
# Captures HAProxy's built-in error pages: a dead server (connection refused), a server slower than
# `timeout server`, a server that answers with something that is not HTTP, `http-request deny` (403
# and deny_status 429), `http-request auth` (401 with its Basic challenge), an idle client (408) and
# a malformed request line (400). Writes out/haproxy.json.
# Debian packages: haproxy. Run with /usr/bin/python3 from this folder.
import subprocess

from native.native_lib import (dead_port, free_port, garbage_upstream, record_raw, render_template,
                               serve_process, slow_upstream, work_dir)
from capture_lib import record, write

version = subprocess.run(['haproxy', '-v'], capture_output=True, text=True).stdout.split()[2]
origin = f'ran haproxy {version} (Debian package haproxy) here, native/haproxy/haproxy.cfg.in'
work = work_dir('haproxy')
slow, broken = slow_upstream(), garbage_upstream()
port = free_port()
config = render_template('haproxy/haproxy.cfg.in', work, {
    'WORK': work, 'PORT': port, 'DEAD': dead_port(), 'SLOW': slow.port, 'BROKEN': broken.port,
})
port, stop = serve_process(['haproxy', '-db', '-f', config], port, 'haproxy')
try:
    cases = [
        record(port, 'server refuses connections (503)', origin, '/users'),
        record(port, 'server slower than timeout server (504)', origin, '/slow'),
        record(port, 'server answers with something that is not HTTP (502)', origin, '/broken'),
        record(port, 'http-request deny (403)', origin, '/admin'),
        record(port, 'http-request deny deny_status 429', origin, '/limited'),
        record(port, 'http-request auth without credentials (401)', origin, '/private'),
        record_raw(port, 'malformed request line (400)', origin, b'GET /a b c d\r\n\r\n',
                   'a request line with spaces in its target'),
        record_raw(port, 'client sends nothing within timeout http-request (408)', origin, b'',
                   'a connection that sends no request'),
    ]
finally:
    stop()
    slow.stop()
    broken.stop()
write('haproxy', 'HAProxy', cases)
