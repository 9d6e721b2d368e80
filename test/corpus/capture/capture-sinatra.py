#!/usr/bin/python3
# Captures Sinatra's default error responses under WEBrick, in production and development: an
# unknown route (404), an uncaught exception (500; in development Sinatra::ShowExceptions, for a
# curl User-Agent as a plain-text backtrace: its HTML page for browsers is 127 KB, too big a case),
# halt 400 with a text, Rack::Protection refusing a JSON GET referred from another site (403), and
# Rack::Auth::Basic (401 with its challenge). The app (native/sinatra/sinatra_app.rb) runs from
# /tmp/rq-capture-native/sinatra. Writes out/sinatra.json.
# Debian packages: ruby-sinatra, ruby-rack, ruby-webrick. Run with /usr/bin/python3 from this folder.
import subprocess

from native.native_lib import copy_native, free_port, serve_process, work_dir
from capture_lib import json_req, record, write


def gem_version(name):
    return subprocess.run(['dpkg-query', '-W', '-f=${Version}', name], capture_output=True, text=True).stdout


work = work_dir('sinatra')
script = copy_native('sinatra/sinatra_app.rb', work)
origin = (f"ran Sinatra (Debian package ruby-sinatra {gem_version('ruby-sinatra')}, rack {gem_version('ruby-rack')}, "
          f"WEBrick {gem_version('ruby-webrick')}) here")
HOST = {'Host': 'api.example.test'}


def run(environment, requests):
    port = free_port()
    port, stop = serve_process(['ruby', script, str(port)], port, f'sinatra-{environment}', cwd=work,
                               env={'APP_ENV': environment})
    try:
        return [record(port, name, f'{origin}, environment {environment}', **request) for name, request in requests]
    finally:
        stop()


cases = run('production', [
    ('unknown route, production (404)', {'path': '/nope', 'headers': HOST}),
    ('uncaught exception, production (500)', {'path': '/crash', 'headers': HOST}),
    ("halt 400, 'Email is required.'", {'path': '/signup', **json_req('POST', {'email': ''}, HOST)}),
    ('Rack::Protection::JsonCsrf refuses a JSON GET referred from another site (403)',
     {'path': '/profile', 'headers': {**HOST, 'Referer': 'https://evil.example.test/page'}}),
    ('Rack::Auth::Basic without credentials (401)', {'path': '/private', 'headers': HOST}),
])
cases += run('development', [
    ('unknown route, development (404)', {'path': '/nope', 'headers': HOST}),
    ('uncaught exception, development, curl User-Agent (500 plain-text backtrace)',
     {'path': '/crash', 'headers': {**HOST, 'User-Agent': 'curl/7.88.1'}}),
])
write('sinatra', 'Sinatra', cases)
