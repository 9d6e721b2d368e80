#!/usr/bin/python3
# Captures Grape's default error responses (format :json) under WEBrick: params validation of a body
# with nested hashes and arrays, of query and path parameters, a malformed JSON body, a body of
# another content type (415), a method the route does not take (405), an unknown route, http_basic
# (401 with its challenge) and an exception answered by `rescue_from :all`. The API
# (native/grape/grape_app.rb) runs from /tmp/rq-capture-native/grape. Writes out/grape.json.
# Debian packages: ruby-grape, ruby-rack, ruby-webrick. Run with /usr/bin/python3 from this folder.
import subprocess

from native.native_lib import copy_native, free_port, serve_process, work_dir
from capture_lib import BAD_USER, json_req, record, write

package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'ruby-grape'], capture_output=True, text=True).stdout
origin = f'ran Grape (Debian package ruby-grape {package}) here, format :json, served by WEBrick'
work = work_dir('grape')
script = copy_native('grape/grape_app.rb', work)
port = free_port()
port, stop = serve_process(['ruby', script, str(port)], port, 'grape', cwd=work)
HOST = {'Host': 'api.example.test'}
try:
    cases = [
        record(port, 'invalid sign-up body: blank, format, nested hash and array item', origin, '/users',
               **json_req('POST', BAD_USER, HOST)),
        record(port, 'body missing every required parameter', origin, '/users', **json_req('POST', {}, HOST)),
        record(port, 'query parameters of the wrong type and out of range', origin, '/users?page=abc&per_page=500', headers=HOST),
        record(port, 'path parameter of the wrong type', origin, '/users/abc', headers=HOST),
        record(port, 'malformed JSON body', origin, '/users', **json_req('POST', '{"name": ', HOST)),
        record(port, 'body with an unsupported content type (415)', origin, '/users', method='POST',
               headers={**HOST, 'Content-Type': 'text/csv'}, body='name,email\n'),
        record(port, 'method the route does not take (405)', origin, '/users', method='DELETE', headers=HOST),
        record(port, 'unknown route (404)', origin, '/nope', headers=HOST),
        record(port, 'http_basic without credentials (401)', origin, '/private', headers=HOST),
        record(port, 'uncaught exception under rescue_from :all (500)', origin, '/safe/crash', headers=HOST),
    ]
finally:
    stop()
write('grape', 'Grape', cases)
