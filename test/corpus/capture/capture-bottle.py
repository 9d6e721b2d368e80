#!/usr/bin/python3
# Captures Bottle's default HTML error pages (DEBUG off): unknown route, wrong method, uncaught
# exception, abort() with a text, the MEMFILE_MAX body limit for JSON, and a malformed JSON body.
# Requests send `Host: api.example.test` because Bottle's page quotes the request URL and the
# port would otherwise change from run to run. Writes out/bottle.json.
# Debian packages: python3-bottle. Run with /usr/bin/python3.
import bottle

from capture_lib import json_req, record_each, serve_wsgi, ver, write

bottle.debug(False)
bottle.BaseRequest.MEMFILE_MAX = 1024
app = bottle.Bottle()


@app.post('/users')
def users():
    return {'ok': True}


@app.get('/crash')
def crash():
    raise RuntimeError('db connection refused')


@app.post('/signup')
def signup():
    bottle.abort(400, 'Email is required.')


@app.get('/private')
def private():
    bottle.abort(401, 'Sorry, access denied.')


@app.post('/echo')
def echo():
    return {'got': bottle.request.json}


HOST = {'Host': 'api.example.test'}
origin = f"ran bottle@{ver('bottle')} here (bottle.Bottle() served by wsgiref, debug off, MEMFILE_MAX 1024)"
reqs = [
    ('unknown route', {'path': '/nope', 'headers': HOST}),
    ('route exists for another method only', {'path': '/users', 'method': 'DELETE', 'headers': HOST}),
    ('uncaught exception', {'path': '/crash', 'headers': HOST}),
    ("abort(400, 'Email is required.')", {'path': '/signup', 'method': 'POST', 'headers': HOST}),
    ("abort(401, 'Sorry, access denied.')", {'path': '/private', 'headers': HOST}),
    ('request.json with a malformed JSON body', {'path': '/echo', **json_req('POST', '{"name": ', HOST)}),
    (
        'request.json with a JSON body over MEMFILE_MAX',
        {'path': '/echo', **json_req('POST', '{"note": "' + 'x' * 4096 + '"}', HOST), 'show_body': False},
    ),
]
cases = record_each(serve_wsgi(app), origin, reqs)
write('bottle', 'Bottle', cases)
