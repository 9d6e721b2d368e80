#!/usr/bin/python3
# Captures Dancer2's default error responses under plackup: an unknown route, an uncaught exception
# and send_error with a status, as HTML and with the JSON serializer (whose 500 body carries the
# exception's text even with show_errors off). The apps (native/dancer2/dancer2_app.psgi) run from
# /tmp/rq-capture-native/dancer2. Writes out/dancer2.json.
# Debian packages: libdancer2-perl, libplack-perl. Run with /usr/bin/python3 from this folder.
import subprocess

from native.native_lib import copy_native, free_port, serve_process, work_dir
from capture_lib import json_req, record, write

package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'libdancer2-perl'], capture_output=True, text=True).stdout
origin = f'ran Dancer2 (Debian package libdancer2-perl {package}) here, plackup (HTTP::Server::PSGI), environment production'
work = work_dir('dancer2')
script = copy_native('dancer2/dancer2_app.psgi', work)
HOST = {'Host': 'api.example.test'}
port = free_port()
port, stop = serve_process(['plackup', '-E', 'production', '-s', 'HTTP::Server::PSGI', '--host', '127.0.0.1',
                            '--port', str(port), script], port, 'dancer2', cwd=work,
                           env={'DANCER_ENVIRONMENT': 'production'})
try:
    cases = [
        record(port, 'unknown route, HTML (404)', origin, '/nope', headers=HOST),
        record(port, 'uncaught exception, HTML, show_errors off (500)', origin, '/crash', headers=HOST),
        record(port, "send_error('Email is required.', 400), HTML", origin, '/signup', **json_req('POST', {'email': ''}, HOST)),
        record(port, 'unknown route, JSON serializer (404)', origin, '/json/nope', headers=HOST),
        record(port, 'uncaught exception, JSON serializer, show_errors off (500)', origin, '/json/crash', headers=HOST),
        record(port, "send_error('Email is required.', 400), JSON serializer", origin, '/json/signup',
               **json_req('POST', {'email': ''}, HOST)),
        record(port, "send_error('Admins only.', 403), JSON serializer", origin, '/json/admin', headers=HOST),
    ]
finally:
    stop()
write('dancer2', 'Dancer2', cases)
