# Shared helpers for the Python capture scripts (capture-*.py), the counterpart of lib.mjs.
# Run them with Debian's interpreter, /usr/bin/python3, which sees the python3-* packages.
# Each script serves its app on 127.0.0.1 (port 0) in a thread, sends its requests with http.client,
# stops the server and writes out/<slug>.json in the same shape as lib.mjs's record().
import asyncio
import http.client
import importlib.metadata
import json
import os
import socket
import threading
import time
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, 'out')

# The headers to drop and the invalid sign-up, shared with lib.mjs and capture-go.go
with open(os.path.join(HERE, 'shared.json')) as f:
    _shared = json.load(f)
SKIP = set(_shared['dropHeaders'])
BAD_USER = _shared['badUser']


def ver(dist):
    return importlib.metadata.version(dist)


def capture(port, method, path, headers=None, body=None, keep_date=False):
    """Sends one request and records status, headers (filtered) and the body exactly."""
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
    data = body.encode() if isinstance(body, str) else body
    hdrs = dict(headers or {})
    skip_host = any(k.lower() == 'host' for k in hdrs)
    conn.putrequest(method, path, skip_host=skip_host, skip_accept_encoding=True)
    for k, v in hdrs.items():
        conn.putheader(k, v)
    if data is not None:
        conn.putheader('Content-Length', str(len(data)))
    conn.endheaders(data)
    res = conn.getresponse()
    raw = res.read()
    conn.close()
    out_headers = {}
    for k, v in res.getheaders():
        k = k.lower()
        if k in SKIP and not (k == 'date' and keep_date):
            continue
        out_headers[k] = out_headers[k] + ', ' + v if k in out_headers else v
    text = raw.decode('utf-8', errors='replace')
    response = {'status': res.status, 'headers': out_headers}
    try:
        response['body'] = json.loads(text)
    except ValueError:
        response['bodyText'] = text
    return response


def json_req(method, obj, extra=None):
    return {
        'method': method,
        'headers': {'Content-Type': 'application/json', **(extra or {})},
        'body': obj if isinstance(obj, str) else json.dumps(obj),
    }


def record(port, name, origin, path, method='GET', headers=None, body=None, keep_date=False, show_body=True):
    """One corpus case without `expected` (worked out by hand): name, origin + method and path, request, response."""
    response = capture(port, method, path, headers, body, keep_date)
    request = {'method': method, 'path': path}
    if headers:
        request['headers'] = headers
    if body is not None:
        request['body'] = body if show_body else f'<{len(body)} bytes>'
    return {'name': name, 'origin': f'{origin}, {method} {path}', 'request': request, 'response': response}


def write(slug, source, cases):
    os.makedirs(OUT_DIR, exist_ok=True)
    path = os.path.join(OUT_DIR, f'{slug}.json')
    with open(path, 'w') as f:
        f.write(json.dumps({'source': source, 'cases': cases}, indent=2, ensure_ascii=False) + '\n')
    print(f'wrote {path}: {len(cases)} cases')


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(WSGIServer):
    def handle_error(self, request, client_address):
        pass


def serve_wsgi(app):
    """Serves a WSGI app with wsgiref on 127.0.0.1:0 in a thread; returns (port, stop)."""
    server = make_server('127.0.0.1', 0, app, server_class=_QuietServer, handler_class=_QuietHandler)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()

    def stop():
        server.shutdown()
        server.server_close()

    return server.server_address[1], stop


def serve_asyncio(start):
    """Runs `start()` on an event loop in a thread; returns (port, stop).

    `start` is a coroutine function that starts the server on 127.0.0.1:0 and returns its port and a
    coroutine function that closes it (aiohttp and Tornado serve this way).
    """
    loop = asyncio.new_event_loop()
    started = threading.Event()
    state = {}

    async def begin():
        state['port'], state['close'] = await start()
        started.set()

    def main():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(begin())
        loop.run_forever()

    t = threading.Thread(target=main, daemon=True)
    t.start()
    started.wait(10)

    def stop():
        asyncio.run_coroutine_threadsafe(state['close'](), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        t.join(10)

    return state['port'], stop


def record_each(served, origin, reqs):
    """Records each `(name, request)` of `reqs` (see `record`) on a server that `serve_wsgi` or
    `serve_asyncio` started, then stops it, also when a request fails."""
    port, stop = served
    try:
        return [record(port, name, origin, **r) for name, r in reqs]
    finally:
        stop()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_listening(port, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f'nothing listens on 127.0.0.1:{port}')
