#!/usr/bin/python3
# Captures Tornado's default error pages (debug off): unknown route, wrong method, uncaught exception,
# HTTPError with a custom reason, a missing argument, the XSRF check, and Tornado's documented way of
# sending a JSON error (write_error override). Writes out/tornado.json.
# Debian packages: python3-tornado. Run with /usr/bin/python3.
import json
import logging

import tornado.web

from capture_lib import json_req, record_each, serve_asyncio, ver, write

logging.getLogger('tornado').setLevel(logging.CRITICAL)


class Users(tornado.web.RequestHandler):
    def check_xsrf_cookie(self):  # an API handler opting out of the XSRF check
        pass

    def post(self):
        self.write({'ok': True})


class Crash(tornado.web.RequestHandler):
    def get(self):
        raise RuntimeError('db connection refused')


class Search(tornado.web.RequestHandler):
    def get(self):
        self.write({'q': self.get_argument('q')})


class Admin(tornado.web.RequestHandler):
    def get(self):
        raise tornado.web.HTTPError(403, 'user 7 is not an admin')


class Teapot(tornado.web.RequestHandler):
    def get(self):
        raise tornado.web.HTTPError(400, reason='Email is required')


class Form(tornado.web.RequestHandler):
    def post(self):
        self.write({'ok': True})


class JsonErrors(tornado.web.RequestHandler):
    # https://www.tornadoweb.org/en/stable/web.html#tornado.web.RequestHandler.write_error
    def write_error(self, status_code, **kwargs):
        self.set_header('Content-Type', 'application/json')
        if status_code == 429:
            self.set_header('Retry-After', '30')
        self.finish(json.dumps({'error': {'code': status_code, 'message': self._reason}}))

    def get(self):
        raise tornado.web.HTTPError(429, reason='Too many requests for this API key')


async def start():
    app = tornado.web.Application(
        [
            (r'/users', Users),
            (r'/crash', Crash),
            (r'/search', Search),
            (r'/admin', Admin),
            (r'/signup', Teapot),
            (r'/form', Form),
            (r'/api/limited', JsonErrors),
        ],
        xsrf_cookies=True,
    )
    server = app.listen(0, address='127.0.0.1')

    async def close():
        server.stop()

    return next(iter(server._sockets.values())).getsockname()[1], close


origin = f"ran tornado@{ver('tornado')} here (tornado.web.Application(xsrf_cookies=True), debug off)"
reqs = [
    ('unknown route', {'path': '/nope'}),
    ('route exists for another method only (handler without the XSRF check)', {'path': '/users', 'method': 'DELETE'}),
    ('uncaught exception', {'path': '/crash'}),
    ("get_argument('q') missing", {'path': '/search'}),
    ("HTTPError(403, log_message) (the log message is not sent)", {'path': '/admin'}),
    ("HTTPError(400, reason='Email is required')", {'path': '/signup'}),
    (
        'POST without the _xsrf argument or header',
        {'path': '/form', 'method': 'POST', 'headers': {'Content-Type': 'application/x-www-form-urlencoded'}, 'body': 'a=1'},
    ),
    ('write_error override sending JSON: 429 with Retry-After', {'path': '/api/limited'}),
]
cases = record_each(serve_asyncio(start), origin, reqs)
write('tornado', 'Tornado', cases)
