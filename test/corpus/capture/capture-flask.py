#!/usr/bin/python3
# Captures Flask/Werkzeug default error pages, Flask's documented JSON HTTPException handler,
# Flask-Limiter's 429, webargs (marshmallow) validation errors with webargs' documented handler,
# and Flask-RESTful's JSON errors. Writes out/flask.json, out/webargs.json and out/flask-restful.json.
# Debian packages: python3-flask (python3-werkzeug), python3-flask-limiter, python3-webargs
# (python3-marshmallow), python3-flask-restful. Run with /usr/bin/python3.
import json

from flask import Flask, abort, jsonify, request
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import HTTPException, Unauthorized

from capture_lib import BAD_USER, json_req, record, record_each, serve_wsgi, ver, write

FLASK = f"flask@{ver('flask')} with werkzeug@{ver('werkzeug')}"
WSGI = 'served by wsgiref, debug off'


def plain_app():
    app = Flask('plain')
    app.config['MAX_CONTENT_LENGTH'] = 1024

    @app.post('/users')
    def users():
        return {'ok': True}

    @app.get('/crash')
    def crash():
        raise RuntimeError('db connection refused')

    @app.post('/signup')
    def signup():
        abort(400, description='Email is required.')

    @app.get('/private')
    def private():
        www = WWWAuthenticate()
        www.set_basic('api')
        raise Unauthorized(www_authenticate=www)

    @app.get('/admin')
    def admin():
        abort(403)

    @app.post('/echo')
    def echo():
        return {'got': request.get_json()}

    @app.post('/upload')
    def upload():
        return {'fields': len(request.form)}

    return app


def limited_app():
    from flask_limiter import Limiter
    from flask_limiter.util import get_remote_address

    app = Flask('limited')
    app.config['RATELIMIT_HEADERS_ENABLED'] = True
    limiter = Limiter(get_remote_address, app=app, storage_uri='memory://')

    @app.get('/limited')
    @limiter.limit('1 per minute')
    def limited():
        return {'ok': True}

    return app


def json_handler_app():
    # https://flask.palletsprojects.com/en/2.2.x/errorhandling/#generic-exception-handlers
    app = Flask('jsonerrors')

    @app.errorhandler(HTTPException)
    def handle_exception(e):
        response = e.get_response()
        response.data = json.dumps({'code': e.code, 'name': e.name, 'description': e.description})
        response.content_type = 'application/json'
        return response

    @app.post('/users')
    def users():
        return {'ok': True}

    @app.post('/signup')
    def signup():
        abort(400, description='Email is required.')

    return app


def webargs_app():
    from marshmallow import Schema, fields, validate
    from webargs.flaskparser import use_args

    class Address(Schema):
        city = fields.Str(required=True, validate=validate.Length(min=2))

    class Item(Schema):
        qty = fields.Int(required=True, validate=validate.Range(min=1))

    class User(Schema):
        name = fields.Str(required=True, validate=validate.Length(min=2))
        email = fields.Email(required=True)
        address = fields.Nested(Address, required=True)
        items = fields.List(fields.Nested(Item), required=True)

    app = Flask('webargs')

    # webargs' documented Flask error handler
    # (https://webargs.readthedocs.io/en/8.0.1/framework_support.html#error-handling)
    @app.errorhandler(422)
    @app.errorhandler(400)
    def handle_error(err):
        headers = err.data.get('headers', None)
        messages = err.data.get('messages', ['Invalid request.'])
        if headers:
            return jsonify({'errors': messages}), err.code, headers
        return jsonify({'errors': messages}), err.code

    @app.post('/users')
    @use_args(User(), location='json')
    def users(args):
        return args

    @app.get('/search')
    @use_args({'page': fields.Int(required=True, validate=validate.Range(min=1))}, location='query')
    def search(args):
        return args

    return app


def restful_app():
    from flask_restful import Api, Resource, abort as rabort, reqparse

    app = Flask('restful')
    api = Api(app)

    class Todo(Resource):
        def get(self, todo_id):
            rabort(404, message=f"Todo {todo_id} doesn't exist")

    class Users(Resource):
        def post(self):
            parser = reqparse.RequestParser()
            parser.add_argument('email', type=str, required=True, location='json')
            return parser.parse_args()

    class Orders(Resource):
        def post(self):
            parser = reqparse.RequestParser(bundle_errors=True)
            parser.add_argument('qty', type=int, required=True, location='json', help='Quantity must be a whole number: {error_msg}')
            parser.add_argument('sku', type=str, required=True, location='json')
            return parser.parse_args()

    class Crash(Resource):
        def get(self):
            raise RuntimeError('db connection refused')

    api.add_resource(Todo, '/todos/<todo_id>')
    api.add_resource(Users, '/users')
    api.add_resource(Orders, '/orders')
    api.add_resource(Crash, '/crash')
    return app


def run(app, origin, reqs):
    return record_each(serve_wsgi(app), origin, reqs)


flask_cases = []
flask_cases += run(
    plain_app(),
    f"ran {FLASK} here ({WSGI}, MAX_CONTENT_LENGTH 1024)",
    [
        ('unknown route, default HTML page', {'path': '/nope'}),
        ('route exists for another method only', {'path': '/users', 'method': 'DELETE'}),
        ('uncaught exception in production mode', {'path': '/crash'}),
        ("abort(400, description='Email is required.')", {'path': '/signup', 'method': 'POST'}),
        ('raise Unauthorized with a Basic challenge', {'path': '/private'}),
        ('abort(403)', {'path': '/admin'}),
        ('request.get_json() with a malformed JSON body', {'path': '/echo', **json_req('POST', '{"name": ')}),
        (
            'request.get_json() with a text/plain body',
            {'path': '/echo', 'method': 'POST', 'headers': {'Content-Type': 'text/plain'}, 'body': 'hello'},
        ),
        (
            'form body over MAX_CONTENT_LENGTH',
            {
                'path': '/upload',
                'method': 'POST',
                'headers': {'Content-Type': 'application/x-www-form-urlencoded'},
                'body': 'note=' + 'x' * 4096,
                'show_body': False,
            },
        ),
    ],
)
limited = limited_app()
# flask-limiter needs two requests: the first passes, the second is the 429 recorded.
port, stop = serve_wsgi(limited)
try:
    record(port, 'warm-up', 'warm-up', '/limited')
    flask_cases.append(
        record(
            port,
            'flask-limiter default 429 page (second request within the minute)',
            f"ran {FLASK} and flask-limiter@{ver('flask-limiter')} here ({WSGI}, @limiter.limit('1 per minute'), RATELIMIT_HEADERS_ENABLED)",
            '/limited',
        )
    )
finally:
    stop()
flask_cases += run(
    json_handler_app(),
    f"ran {FLASK} here ({WSGI}, the docs' generic HTTPException handler returning JSON code/name/description)",
    [
        ('JSON HTTPException handler: unknown route', {'path': '/nope'}),
        ('JSON HTTPException handler: route exists for another method only', {'path': '/users', 'method': 'GET'}),
        ("JSON HTTPException handler: abort(400, description='Email is required.')", {'path': '/signup', 'method': 'POST'}),
    ],
)
write('flask', 'Flask (Werkzeug)', flask_cases)

webargs_cases = run(
    webargs_app(),
    f"ran webargs@{ver('webargs')} with marshmallow@{ver('marshmallow')} on {FLASK} here ({WSGI}, webargs' documented 400/422 handler returning {{errors: messages}})",
    [
        ('invalid JSON body: nested object and list item errors', {'path': '/users', **json_req('POST', BAD_USER)}),
        ('missing required fields', {'path': '/users', **json_req('POST', {'name': 'Ada'})}),
        ('invalid query parameter', {'path': '/search?page=0'}),
        ('malformed JSON body', {'path': '/users', **json_req('POST', '{"name": ')}),
    ],
)
write('webargs', 'webargs (marshmallow) on Flask', webargs_cases)

restful_cases = run(
    restful_app(),
    f"ran flask-restful@{ver('flask-restful')} on {FLASK} here ({WSGI})",
    [
        ('resource without the method', {'path': '/users', 'method': 'DELETE'}),
        ('uncaught exception', {'path': '/crash'}),
        ("abort(404, message=\"Todo 7 doesn't exist\")", {'path': '/todos/7'}),
        ('reqparse: required JSON argument missing', {'path': '/users', **json_req('POST', {'name': 'Ada'})}),
        (
            'reqparse bundle_errors=True: two bad arguments',
            {'path': '/orders', **json_req('POST', {'qty': 'three'})},
        ),
        ('reqparse: malformed JSON body', {'path': '/users', **json_req('POST', '{"email": ')}),
    ],
)
write('flask-restful', 'Flask-RESTful', restful_cases)
