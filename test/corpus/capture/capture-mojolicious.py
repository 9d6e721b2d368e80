#!/usr/bin/python3
# Captures Mojolicious' default error pages (mojo daemon) in production and development mode: an
# unknown route and an uncaught exception. They are HTML whatever the Accept header (the requests
# ask for JSON), and each holds a random request id in a comment. The app
# (native/mojolicious/mojo_app.pl) runs from /tmp/rq-capture-native/mojolicious.
# Writes out/mojolicious.json.
# Debian packages: libmojolicious-perl. Run with /usr/bin/python3 from this folder.
import subprocess

from native.native_lib import copy_native, free_port, serve_process, work_dir
from capture_lib import record, write

version = subprocess.run(['perl', '-MMojolicious', '-e', 'print Mojolicious->VERSION'], capture_output=True, text=True).stdout
package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'libmojolicious-perl'], capture_output=True, text=True).stdout
origin = f'ran Mojolicious {version} (Debian package libmojolicious-perl {package}) here, mojo daemon'
work = work_dir('mojolicious')
script = copy_native('mojolicious/mojo_app.pl', work)
HOST = {'Host': 'api.example.test'}
JSON = {**HOST, 'Accept': 'application/json'}


def run(mode, requests):
    port = free_port()
    port, stop = serve_process(['perl', script, 'daemon', '-l', f'http://127.0.0.1:{port}', '-m', mode], port,
                               f'mojolicious-{mode}', cwd=work)
    try:
        return [record(port, name, f'{origin}, mode {mode}', **request) for name, request in requests]
    finally:
        stop()


cases = run('production', [
    ('unknown route, production (404)', {'path': '/nope', 'headers': JSON}),
    ('uncaught exception, production (500)', {'path': '/crash', 'headers': JSON}),
])
cases += run('development', [
    ('unknown route, development (404)', {'path': '/nope', 'headers': JSON}),
    ('uncaught exception, development (500)', {'path': '/crash', 'headers': JSON}),
])
write('mojolicious', 'Mojolicious', cases)
