#!/usr/bin/python3
# Captures aiohttp.web's default error responses (text "404: Not Found" and friends), HTTPException
# subclasses with a JSON text body as its docs show, client_max_size, and what an uncaught error or a
# malformed JSON body gives. Writes out/aiohttp.json.
# Debian packages: python3-aiohttp. Run with /usr/bin/python3.
import json

from aiohttp import web

from capture_lib import json_req, record_each, serve_asyncio, ver, write


async def users(request):
    body = await request.json()
    errors = {}
    if len(body.get('name', '')) < 2:
        errors['name'] = ['Must be at least 2 characters.']
    if '@' not in body.get('email', ''):
        errors['email'] = ['Not a valid email address.']
    if errors:
        # https://docs.aiohttp.org/en/v3.8.4/web_exceptions.html: text= and content_type=
        raise web.HTTPUnprocessableEntity(
            text=json.dumps({'error': 'validation_failed', 'errors': errors}), content_type='application/json'
        )
    return web.json_response({'ok': True})


async def echo(request):
    return web.json_response({'got': await request.json()})


async def upload(request):
    return web.json_response({'size': len(await request.read())})


async def crash(request):
    raise RuntimeError('db connection refused')


async def private(request):
    raise web.HTTPUnauthorized(headers={'WWW-Authenticate': 'Bearer realm="api"'})


async def admin(request):
    raise web.HTTPForbidden(reason='Admins only')


async def limited(request):
    raise web.HTTPTooManyRequests(headers={'Retry-After': '30'}, text='Rate limit exceeded, retry in 30 seconds.')


async def gone(request):
    return web.json_response({'error': 'Account 7 was deleted'}, status=410)


def make_app():
    app = web.Application(client_max_size=1024)
    app.router.add_post('/users', users)
    app.router.add_post('/echo', echo)
    app.router.add_post('/upload', upload)
    app.router.add_get('/crash', crash)
    app.router.add_get('/private', private)
    app.router.add_get('/admin', admin)
    app.router.add_get('/limited', limited)
    app.router.add_get('/accounts/7', gone)
    return app


async def start():
    runner = web.AppRunner(make_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, '127.0.0.1', 0)
    await site.start()
    return site._server.sockets[0].getsockname()[1], runner.cleanup


origin = f"ran aiohttp@{ver('aiohttp')} here (web.Application(client_max_size=1024) on web.AppRunner/TCPSite)"
reqs = [
    ('unknown route', {'path': '/nope'}),
    ('route exists for another method only', {'path': '/users', 'method': 'GET'}),
    ('uncaught exception', {'path': '/crash'}),
    ('uncaught exception, client accepts text/html', {'path': '/crash', 'headers': {'Accept': 'text/html'}}),
    ('await request.json() on a malformed body (uncaught JSONDecodeError)', {'path': '/echo', **json_req('POST', '{"name": ')}),
    (
        'HTTPUnprocessableEntity with a JSON text body',
        {'path': '/users', **json_req('POST', {'name': 'A', 'email': 'nope'})},
    ),
    (
        'body over client_max_size',
        {
            'path': '/upload',
            'method': 'POST',
            'headers': {'Content-Type': 'application/octet-stream'},
            'body': 'x' * 4096,
            'show_body': False,
        },
    ),
    ('HTTPUnauthorized with a WWW-Authenticate header', {'path': '/private'}),
    ("HTTPForbidden(reason='Admins only')", {'path': '/admin'}),
    ('HTTPTooManyRequests with Retry-After and a text', {'path': '/limited'}),
    ("json_response({'error': 'Account 7 was deleted'}, status=410)", {'path': '/accounts/7'}),
]
cases = record_each(serve_asyncio(start), origin, reqs)
write('aiohttp', 'aiohttp', cases)
