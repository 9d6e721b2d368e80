#!/usr/bin/python3
# Captures Mojolicious::Plugin::OpenAPI's default error bodies (OpenAPI 2 spec in
# native/mojolicious/openapi.json): an invalid body with nested objects and arrays, a body missing
# required properties and holding an unknown one, invalid query and path parameters, a body of
# another content type, an unknown path under its base path, an uncaught exception, and a response
# that breaks the spec. Writes out/mojolicious-openapi.json.
# Debian packages: libmojolicious-plugin-openapi-perl (with libmojolicious-perl,
# libjson-validator-perl). Run with /usr/bin/python3 from this folder.
import subprocess

from native.native_lib import copy_native, free_port, serve_process, work_dir
from capture_lib import BAD_USER, json_req, record, write


def package(name):
    return subprocess.run(['dpkg-query', '-W', '-f=${Version}', name], capture_output=True, text=True).stdout


origin = (f"ran Mojolicious::Plugin::OpenAPI (Debian package libmojolicious-plugin-openapi-perl "
          f"{package('libmojolicious-plugin-openapi-perl')}, JSON::Validator {package('libjson-validator-perl')}, "
          f"Mojolicious {package('libmojolicious-perl')}) here, mode production")
work = work_dir('mojolicious-openapi')
script = copy_native('mojolicious/openapi_app.pl', work)
copy_native('mojolicious/openapi.json', work)
HOST = {'Host': 'api.example.test', 'Accept': 'application/json'}
port = free_port()
port, stop = serve_process(['perl', script, 'daemon', '-l', f'http://127.0.0.1:{port}', '-m', 'production'], port,
                           'mojolicious-openapi', cwd=work)
try:
    cases = [
        record(port, 'invalid sign-up body: short name, email format, nested object, array item', origin, '/api/users',
               **json_req('POST', BAD_USER, HOST)),
        record(port, 'body missing required properties, with an unknown one', origin, '/api/users',
               **json_req('POST', {'nickname': 'al'}, HOST)),
        record(port, 'query parameters: required missing, another over its maximum', origin, '/api/users?per_page=500',
               headers=HOST),
        record(port, 'path parameter of the wrong type', origin, '/api/users/abc', headers=HOST),
        record(port, 'body of another content type', origin, '/api/users', method='POST',
               headers={**HOST, 'Content-Type': 'text/csv'}, body='name,email\n'),
        record(port, 'unknown path under the base path (404)', origin, '/api/nope', headers=HOST),
        record(port, 'uncaught exception (500)', origin, '/api/crash', headers=HOST),
        record(port, 'response that breaks the spec (500)', origin, '/api/users/7', headers=HOST),
    ]
finally:
    stop()
write('mojolicious-openapi', 'Mojolicious::Plugin::OpenAPI', cases)
