#!/usr/bin/python3
# Captures Starlette's default error responses under uvicorn: an unknown route (404), a method the
# route does not take (405), an uncaught exception with debug off and on (on: a plain-text traceback,
# or an HTML page for Accept: text/html), HTTPException(400, detail), @requires('authenticated')
# (403), an AuthenticationError from the auth backend (400) and TrustedHostMiddleware (400).
# The app (native/starlette/starlette_app.py) runs from /tmp/rq-capture-native/starlette. Writes
# out/starlette.json.
# Debian packages: python3-starlette, python3-uvicorn. Run with /usr/bin/python3 from this folder.
import asyncio
import sys

import uvicorn

from native.native_lib import copy_native, free_port, work_dir
from capture_lib import json_req, record_each, serve_asyncio, ver, write

work = work_dir('starlette')
copy_native('starlette/starlette_app.py', work)
sys.path.insert(0, work)
import starlette_app  # noqa: E402


def uvicorn_on(app):
    async def start():
        port = free_port()
        server = uvicorn.Server(uvicorn.Config(app, host='127.0.0.1', port=port, log_level='critical', lifespan='off'))
        server.install_signal_handlers = lambda: None
        task = asyncio.ensure_future(server.serve())
        while not server.started:
            await asyncio.sleep(0.05)

        async def close():
            server.should_exit = True
            await task

        return port, close

    return serve_asyncio(start)


origin = f"ran starlette@{ver('starlette')} here (Debian package python3-starlette, uvicorn {ver('uvicorn')})"
HOST = {'Host': 'api.example.test'}
reqs = [
    ('unknown route (404)', {'path': '/nope', 'headers': HOST}),
    ('route exists for POST only (405)', {'path': '/users', 'headers': HOST}),
    ('uncaught exception, debug off (500)', {'path': '/crash', 'headers': HOST}),
    ("HTTPException(400, 'Email is required.')", {'path': '/signup', **json_req('POST', {'email': ''}, HOST)}),
    ("@requires('authenticated') without a user (403)", {'path': '/admin', 'headers': HOST}),
    ('AuthenticationError from the auth backend (400)', {'path': '/admin', 'headers': {**HOST, 'Authorization': 'Token abc'}}),
    ('TrustedHostMiddleware refuses the Host header (400)', {'path': '/users', 'headers': {'Host': 'evil.example.test'}}),
]
cases = record_each(uvicorn_on(starlette_app.app), origin + ', debug=False', reqs)
debug_reqs = [
    ('uncaught exception, debug on, no Accept (500 plain-text traceback)', {'path': '/crash', 'headers': HOST}),
    ('uncaught exception, debug on, Accept: text/html (500 HTML traceback)', {'path': '/crash', 'headers': {**HOST, 'Accept': 'text/html'}}),
]
cases += record_each(uvicorn_on(starlette_app.debug_app), origin + ', debug=True', debug_reqs)
write('starlette', 'Starlette', cases)
