#!/usr/bin/python3
# Captures Falcon's JSON HTTPError bodies (title/description/code), its defaults for unknown routes,
# wrong methods, uncaught exceptions, malformed and unsupported media, and its jsonschema media
# validator. Writes out/falcon.json.
# Debian packages: python3-falcon, python3-jsonschema. Run with /usr/bin/python3.
import falcon
from falcon.media.validators import jsonschema

from capture_lib import BAD_USER, json_req, record_each, serve_wsgi, ver

USER_SCHEMA = {
    'type': 'object',
    'required': ['name', 'email', 'address', 'items'],
    'additionalProperties': False,
    'properties': {
        'name': {'type': 'string', 'minLength': 2},
        'email': {'type': 'string', 'format': 'email'},
        'address': {
            'type': 'object',
            'required': ['city'],
            'properties': {'city': {'type': 'string', 'minLength': 2}},
        },
        'items': {
            'type': 'array',
            'items': {
                'type': 'object',
                'required': ['qty'],
                'properties': {'qty': {'type': 'integer', 'minimum': 1}},
            },
        },
    },
}


class Users:
    @jsonschema.validate(req_schema=USER_SCHEMA)
    def on_post(self, req, resp):
        resp.media = {'ok': True}


class Echo:
    def on_post(self, req, resp):
        resp.media = {'got': req.get_media()}


class Crash:
    def on_get(self, req, resp):
        raise RuntimeError('db connection refused')


class Private:
    def on_get(self, req, resp):
        raise falcon.HTTPUnauthorized(
            title='Authentication required',
            description='Provide a bearer token.',
            challenges=['Bearer realm="api", error="invalid_token"'],
        )


class Admin:
    def on_get(self, req, resp):
        raise falcon.HTTPForbidden(description='Only admins may list accounts.')


class Limited:
    def on_get(self, req, resp):
        raise falcon.HTTPTooManyRequests(description='Slow down.', retry_after=30)


class Orders:
    def on_post(self, req, resp):
        raise falcon.HTTPConflict(
            title='Order already placed', description='Order 42 was placed already.', code='ORDER_EXISTS'
        )


class Upload:
    def on_post(self, req, resp):
        if (req.content_length or 0) > 1024:
            raise falcon.HTTPPayloadTooLarge(description='Uploads are limited to 1 KiB.')
        resp.media = {'ok': True}


class Accounts:
    def on_get(self, req, resp, account_id):
        raise falcon.HTTPNotFound(description=f'No account {account_id}.')


class Search:
    def on_get(self, req, resp):
        resp.media = {'page': req.get_param_as_int('page', required=True, min_value=1)}


app = falcon.App()
app.add_route('/users', Users())
app.add_route('/echo', Echo())
app.add_route('/crash', Crash())
app.add_route('/private', Private())
app.add_route('/admin', Admin())
app.add_route('/limited', Limited())
app.add_route('/orders', Orders())
app.add_route('/upload', Upload())
app.add_route('/accounts/{account_id}', Accounts())
app.add_route('/search', Search())

if __name__ == '__main__':
    from capture_lib import write

    origin = f"ran falcon@{ver('falcon')} here (falcon.App() served by wsgiref)"
    reqs = [
        ('unknown route', {'path': '/nope'}),
        ('route exists for another method only', {'path': '/users', 'method': 'DELETE'}),
        ('uncaught exception', {'path': '/crash'}),
        ('jsonschema.validate(req_schema=...) with an invalid body', {'path': '/users', **json_req('POST', BAD_USER)}),
        ('req.get_media() with a malformed JSON body', {'path': '/echo', **json_req('POST', '{"name": ')}),
        (
            'req.get_media() with an unsupported content type',
            {'path': '/echo', 'method': 'POST', 'headers': {'Content-Type': 'text/csv'}, 'body': 'a,b\n1,2\n'},
        ),
        ('HTTPUnauthorized with title, description and a Bearer challenge', {'path': '/private'}),
        ('HTTPForbidden with a description', {'path': '/admin'}),
        ('HTTPTooManyRequests(retry_after=30)', {'path': '/limited'}),
        ("HTTPConflict with title, description and code='ORDER_EXISTS'", {'path': '/orders', **json_req('POST', {})}),
        (
            'HTTPPayloadTooLarge with a description',
            {
                'path': '/upload',
                'method': 'POST',
                'headers': {'Content-Type': 'application/octet-stream'},
                'body': 'x' * 4096,
                'show_body': False,
            },
        ),
        ('HTTPNotFound with a description', {'path': '/accounts/7'}),
        ('get_param_as_int(required=True, min_value=1) below the minimum', {'path': '/search?page=0'}),
        ('get_param_as_int(required=True) missing', {'path': '/search'}),
    ]
    cases = record_each(serve_wsgi(app), origin, reqs)
    write('falcon', 'Falcon', cases)
