# The Starlette apps capture-starlette.py serves: one with debug off and one with debug on. Copied
# to /tmp/rq-capture-native/starlette and imported from there, so tracebacks name a fixed path.
from starlette.applications import Starlette
from starlette.authentication import AuthenticationBackend, AuthenticationError, requires
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


class TokenBackend(AuthenticationBackend):
    """Signs nobody in; a malformed Authorization header is an AuthenticationError (400 by default)."""

    async def authenticate(self, connection):
        header = connection.headers.get('authorization')
        if header is None:
            return None
        if not header.startswith('Bearer '):
            raise AuthenticationError('Invalid authorization header')
        return None


async def users(request):
    return JSONResponse({'ok': True})


async def crash(request):
    raise RuntimeError('db connection refused')


async def signup(request):
    raise HTTPException(status_code=400, detail='Email is required.')


@requires('authenticated')
async def admin(request):
    return JSONResponse({'ok': True})


def create(debug):
    routes = [
        Route('/users', users, methods=['POST']),
        Route('/crash', crash),
        Route('/signup', signup, methods=['POST']),
        Route('/admin', admin),
    ]
    middleware = [
        Middleware(TrustedHostMiddleware, allowed_hosts=['127.0.0.1', 'api.example.test']),
        Middleware(AuthenticationMiddleware, backend=TokenBackend()),
    ]
    return Starlette(debug=debug, routes=routes, middleware=middleware)


app = create(debug=False)
debug_app = create(debug=True)
