# The CherryPy app capture-cherrypy.py serves. It is copied to /tmp/rq-capture-native/cherrypy and
# imported from there, so the tracebacks in CherryPy's pages name that fixed path.
import cherrypy


class Api:
    @cherrypy.expose
    @cherrypy.tools.allow(methods=['POST'])
    def users(self):
        return 'created'

    @cherrypy.expose
    def crash(self):
        raise RuntimeError('db connection refused')

    @cherrypy.expose
    @cherrypy.tools.json_in()
    @cherrypy.tools.json_out()
    def signup(self):
        if not cherrypy.request.json.get('email'):
            raise cherrypy.HTTPError(400, 'Email is required.')
        return {'ok': True}

    @cherrypy.expose
    def private(self):
        return 'secret'

    @cherrypy.expose
    def upload(self, **fields):
        return 'stored'


def check_password(realm, user, password):
    return user == 'alice' and password == 'wonderland'


def mount():
    """Mounts the app twice: at /api with CherryPy's development defaults (tracebacks shown), and at
    /prod with request.show_tracebacks off, as a production config sets it."""
    private = {'/private': {'tools.auth_basic.on': True, 'tools.auth_basic.realm': 'Capture API',
                            'tools.auth_basic.checkpassword': check_password}}
    cherrypy.tree.mount(Api(), '/api', {'/': {'request.show_tracebacks': True}, **private})
    cherrypy.tree.mount(Api(), '/prod', {'/': {'request.show_tracebacks': False}})
