#!/usr/bin/python3
# Captures Slim 3's default error handlers (notFound, notAllowed, error, phpError) under PHP's
# built-in server, as HTML, JSON or XML by Accept header, with displayErrorDetails off
# and on (on: the exception's type, message, file, line and trace). The app
# (native/slim/slim_app.php) runs from /tmp/rq-capture-native/slim as index.php. Writes out/slim.json.
# Debian packages: php-cli, php-slim. Run with /usr/bin/python3 from this folder.
import os
import subprocess

from native.native_lib import copy_native, free_port, serve_process, work_dir
from capture_lib import record, write

package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'php-slim'], capture_output=True, text=True).stdout
php = subprocess.run(['php', '-r', 'echo PHP_VERSION;'], capture_output=True, text=True).stdout
origin = f'ran Slim (Debian package php-slim {package}) here on PHP {php} (php -S)'
work = work_dir('slim')
copy_native('slim/slim_app.php', work)
# Slim 3 derives its base path from SCRIPT_NAME, which php -S sets right only for a front controller
# named index.php in the document root.
os.rename(os.path.join(work, 'slim_app.php'), os.path.join(work, 'index.php'))
# A fixed Host: php -S echoes it in a `host` response header, and Slim's 404 page links to it
HOST = {'Host': 'api.example.test'}
JSON = {**HOST, 'Accept': 'application/json'}
HTML = {**HOST, 'Accept': 'text/html'}
XML = {**HOST, 'Accept': 'application/xml'}


def run(debug, requests):
    port = free_port()
    port, stop = serve_process(['php', '-S', f'127.0.0.1:{port}', '-t', work, os.path.join(work, 'index.php')], port, f'slim-{debug}', cwd=work,
                               env={'SLIM_DEBUG': '1' if debug else '0'})
    label = f"{origin}, displayErrorDetails {'on' if debug else 'off'}"
    try:
        return [record(port, name, label, **request) for name, request in requests]
    finally:
        stop()


cases = run(False, [
    ('unknown route, Accept: application/json (404)', {'path': '/nope', 'headers': JSON}),
    ('unknown route, Accept: text/html (404)', {'path': '/nope', 'headers': HTML}),
    ('unknown route, Accept: application/xml (404)', {'path': '/nope', 'headers': XML}),
    ('route exists for POST only, Accept: application/json (405)', {'path': '/users', 'headers': JSON}),
    ('route exists for POST only, Accept: text/html (405)', {'path': '/users', 'headers': HTML}),
    ('uncaught exception, Accept: application/json (500)', {'path': '/crash', 'headers': JSON}),
    ('uncaught exception, Accept: text/html (500)', {'path': '/crash', 'headers': HTML}),
])
cases += run(True, [
    ('uncaught exception with details, Accept: application/json (500)', {'path': '/crash', 'headers': JSON}),
    ('uncaught exception with details, Accept: text/html (500)', {'path': '/crash', 'headers': HTML}),
    ('PHP error (ArgumentCountError) with details, Accept: application/json (500)', {'path': '/type-error', 'headers': JSON}),
])
write('slim', 'Slim Framework', cases)
