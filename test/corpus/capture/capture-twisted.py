#!/usr/bin/python3
# Captures Twisted Web's default error pages: a missing child (404), a method the resource does not
# render (405) and one no resource knows (501), an uncaught exception with Site's default
# displayTracebacks off and with it on, resource.ErrorPage(400, ...), ForbiddenResource (403),
# HTTPAuthSessionWrapper with Basic credentials (401 with its challenge) and a malformed request
# line. The server (native/twisted/twisted_app.py) runs from /tmp/rq-capture-native/twisted.
# Writes out/twisted.json.
# Debian packages: python3-twisted. Run with /usr/bin/python3 from this folder.

from native.native_lib import copy_native, free_port, record_raw, serve_process, wait_listening, work_dir
from capture_lib import json_req, record, ver, write

work = work_dir('twisted')
script = copy_native('twisted/twisted_app.py', work)
port, debug_port = free_port(), free_port()
port, stop = serve_process(['/usr/bin/python3', script, str(port), str(debug_port)], port, 'twisted', cwd=work)
origin = f"ran twisted@{ver('Twisted')} here (Debian package python3-twisted, twisted.web.server.Site)"
debug_origin = origin.replace('Site)', 'Site with displayTracebacks = True)')
try:
    wait_listening(debug_port)
    cases = [
        record(port, 'missing child resource (404)', origin, '/nope'),
        record(port, 'method the resource does not render (405)', origin, '/users'),
        record(port, 'method no resource knows (501)', origin, '/users', method='BREW'),
        record(port, 'uncaught exception, displayTracebacks off (500)', origin, '/crash'),
        record(debug_port, 'uncaught exception, displayTracebacks on (500)', debug_origin, '/crash'),
        record(port, "resource.ErrorPage(400, 'Bad Request', 'Email is required.')", origin, '/signup',
               **json_req('POST', {'email': ''})),
        record(port, 'ForbiddenResource (403)', origin, '/admin'),
        record(port, 'HTTPAuthSessionWrapper, Basic, no credentials (401)', origin, '/private'),
        record_raw(port, 'malformed request line (400)', origin, b'GET /a b c\r\nHost: x\r\n\r\n',
                   'a request line with spaces in its target'),
    ]
finally:
    stop()
write('twisted', 'Twisted Web', cases)
