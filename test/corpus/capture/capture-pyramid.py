#!/usr/bin/python3
# Captures Pyramid's default exception responses, which pick HTML, JSON or plain text from the
# request's Accept header: an unknown route, a view whose request_method predicate does not match,
# a view the security policy denies (403), HTTPBadRequest with a detail, and HTTPUnauthorized with
# a Bearer challenge. Served by wsgiref. Writes out/pyramid.json.
# Debian packages: python3-pyramid. Run with /usr/bin/python3 from this folder.
from pyramid.authorization import ACLHelper, Allow, Authenticated
from pyramid.config import Configurator
from pyramid.httpexceptions import HTTPBadRequest, HTTPUnauthorized

from capture_lib import json_req, record_each, serve_wsgi, ver, write


class AnonymousPolicy:
    """A security policy with no signed-in user whose ACL grants 'admin' only to signed-in users."""

    def identity(self, request):
        return None

    def authenticated_userid(self, request):
        return None

    def permits(self, request, context, permission):
        acl = [(Allow, Authenticated, 'admin')]
        return ACLHelper().permits(type('Root', (), {'__acl__': acl})(), [], permission)

    def remember(self, request, userid, **kw):
        return []

    def forget(self, request, **kw):
        return []


def create_user(request):
    return {'ok': True}


def signup(request):
    if not request.json_body.get('email'):
        raise HTTPBadRequest('Email is required.')
    return {'ok': True}


def admin(request):
    return {'ok': True}


def me(request):
    raise HTTPUnauthorized(headers={
        'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
    })


with Configurator() as config:
    config.set_security_policy(AnonymousPolicy())
    config.add_route('users', '/users')
    config.add_view(create_user, route_name='users', request_method='POST', renderer='json')
    config.add_route('signup', '/signup')
    config.add_view(signup, route_name='signup', renderer='json')
    config.add_route('admin', '/admin')
    config.add_view(admin, route_name='admin', permission='admin', renderer='json')
    config.add_route('me', '/me')
    config.add_view(me, route_name='me', renderer='json')
    app = config.make_wsgi_app()

JSON = {'Accept': 'application/json'}
HTML = {'Accept': 'text/html'}
origin = f"ran pyramid@{ver('pyramid')} here (Debian package python3-pyramid, served by wsgiref)"
reqs = [
    ('unknown route, Accept: text/html (404)', {'path': '/nope', 'headers': HTML}),
    ('unknown route, Accept: application/json (404)', {'path': '/nope', 'headers': JSON}),
    ('unknown route, no Accept (404 plain text)', {'path': '/nope'}),
    ('request_method predicate mismatch, Accept: application/json (404)', {'path': '/users', 'headers': JSON}),
    ('view denied by the security policy, Accept: application/json (403)', {'path': '/admin', 'headers': JSON}),
    ('view denied by the security policy, Accept: text/html (403)', {'path': '/admin', 'headers': HTML}),
    ("HTTPBadRequest('Email is required.'), Accept: application/json", {'path': '/signup', **json_req('POST', {'email': ''}, JSON)}),
    ('HTTPUnauthorized with a Bearer challenge, Accept: application/json', {'path': '/me', 'headers': JSON}),
]
write('pyramid', 'Pyramid', record_each(serve_wsgi(app), origin, reqs))
