# The Twisted Web server capture-twisted.py starts: `twisted_app.py PORT DEBUG_PORT`. The same
# resource tree is served twice, on PORT with Site's defaults and on DEBUG_PORT with
# displayTracebacks on. Copied to /tmp/rq-capture-native/twisted and run from there, so tracebacks
# name a fixed path.
import sys

from twisted.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twisted.cred.portal import IRealm, Portal
from twisted.internet import reactor
from twisted.web import resource, server
from twisted.web.guard import BasicCredentialFactory, HTTPAuthSessionWrapper
from zope.interface import implementer


class Users(resource.Resource):
    """Renders POST only: a GET is answered by Twisted's 405 page."""
    isLeaf = True

    def render_POST(self, request):
        request.setHeader(b'content-type', b'application/json')
        return b'{"ok": true}'


class Crash(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        raise RuntimeError('db connection refused')


class Signup(resource.Resource):
    """The resource module's own way to answer an error: an ErrorPage with a status and a detail."""
    isLeaf = True

    def render_POST(self, request):
        return resource.ErrorPage(400, 'Bad Request', 'Email is required.').render(request)


@implementer(IRealm)
class Realm:
    def requestAvatar(self, avatar_id, mind, *interfaces):
        return resource.IResource, Users(), lambda: None


def tree():
    root = resource.Resource()
    root.putChild(b'users', Users())
    root.putChild(b'crash', Crash())
    root.putChild(b'signup', Signup())
    root.putChild(b'admin', resource.ForbiddenResource())
    portal = Portal(Realm(), [InMemoryUsernamePasswordDatabaseDontUse(alice=b'wonderland')])
    root.putChild(b'private', HTTPAuthSessionWrapper(portal, [BasicCredentialFactory('Capture API')]))
    return root


site = server.Site(tree())
debug_site = server.Site(tree())
debug_site.displayTracebacks = True
reactor.listenTCP(int(sys.argv[1]), site, interface='127.0.0.1')
reactor.listenTCP(int(sys.argv[2]), debug_site, interface='127.0.0.1')
reactor.run()
