#!/usr/bin/python3
# Captures CherryPy's default error pages, served by its own server (cheroot): an unknown path,
# tools.allow refusing a method (405), an uncaught exception with request.show_tracebacks on and off,
# HTTPError(400, message), tools.json_in given malformed JSON or another content type (415),
# tools.auth_basic (401 with its challenge) and a body over server.max_request_body_size (413).
# The app (native/cherrypy/cherrypy_app.py) runs from /tmp/rq-capture-native/cherrypy so the
# tracebacks quote a fixed path. Writes out/cherrypy.json.
# Debian packages: python3-cherrypy3. Run with /usr/bin/python3 from this folder.
import sys

import cherrypy

from native.native_lib import copy_native, free_port, work_dir
from capture_lib import json_req, record, ver, write

work = work_dir('cherrypy')
copy_native('cherrypy/cherrypy_app.py', work)
sys.path.insert(0, work)
import cherrypy_app  # noqa: E402

port = free_port()
cherrypy.config.update({
    'server.socket_host': '127.0.0.1', 'server.socket_port': port, 'server.max_request_body_size': 1024,
    'engine.autoreload.on': False, 'log.screen': False, 'checker.on': False,
})
cherrypy_app.mount()
cherrypy.engine.start()
cherrypy.engine.wait(cherrypy.engine.states.STARTED)
origin = f"ran CherryPy {ver('CherryPy')} (Debian package python3-cherrypy3) here, served by its cheroot server"
try:
    cases = [
        record(port, 'unknown path (404, development)', origin, '/api/nope'),
        record(port, 'unknown path (404, show_tracebacks off)', origin, '/prod/nope'),
        record(port, 'tools.allow refuses GET (405)', origin, '/prod/users'),
        record(port, 'uncaught exception with show_tracebacks on (500)', origin, '/api/crash'),
        record(port, 'uncaught exception with show_tracebacks off (500)', origin, '/prod/crash'),
        record(port, "HTTPError(400, 'Email is required.')", origin, '/prod/signup', **json_req('POST', {'email': ''})),
        record(port, 'tools.json_in with malformed JSON (400)', origin, '/prod/signup', **json_req('POST', '{"email": ')),
        record(port, 'tools.json_in with a text/csv body (415)', origin, '/prod/signup', method='POST',
               headers={'Content-Type': 'text/csv'}, body='email\n'),
        record(port, 'tools.auth_basic without credentials (401)', origin, '/api/private'),
        record(port, 'body over server.max_request_body_size (413)', origin, '/prod/upload', method='POST',
               headers={'Content-Type': 'application/x-www-form-urlencoded'}, body='note=' + 'x' * 2048, show_body=False),
    ]
finally:
    cherrypy.engine.exit()
write('cherrypy', 'CherryPy', cases)
