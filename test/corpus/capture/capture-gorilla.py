#!/usr/bin/python3
# Captures gorilla/mux's and gorilla/handlers' default error responses: an unknown route, a method
# the route does not match (mux's 405), a body type ContentTypeHandler refuses (415), a method
# MethodHandler refuses, and a panic caught by RecoveryHandler (500). The server
# (native/gorilla/main.go) is built with Debian's Go and sources. Writes out/gorilla-mux.json.
# Debian packages: golang-go, golang-github-gorilla-mux-dev, golang-github-gorilla-handlers-dev.
# Run with /usr/bin/python3 from this folder.
import os
import subprocess

from native.native_lib import NATIVE_DIR, free_port, serve_process, work_dir
from capture_lib import record, write


def package(name):
    return subprocess.run(['dpkg-query', '-W', '-f=${Version}', name], capture_output=True, text=True).stdout


go = subprocess.run(['go', 'env', 'GOVERSION'], capture_output=True, text=True).stdout.strip()
origin = (f"ran gorilla/mux (Debian package golang-github-gorilla-mux-dev {package('golang-github-gorilla-mux-dev')}) "
          f"with gorilla/handlers ({package('golang-github-gorilla-handlers-dev')}) here, {go}")
work = work_dir('gorilla')
binary = os.path.join(work, 'gorilla-capture')
subprocess.run(['go', 'build', '-o', binary, os.path.join(NATIVE_DIR, 'gorilla', 'main.go')], check=True,
               env={**os.environ, 'GO111MODULE': 'off', 'GOPATH': '/usr/share/gocode', 'GOFLAGS': '',
                    'GOCACHE': os.path.join(work, 'cache')})
port = free_port()
port, stop = serve_process([binary, str(port)], port, 'gorilla', cwd=work)
try:
    cases = [
        record(port, 'unknown route (404)', origin, '/nope'),
        record(port, 'route exists for POST only (405)', origin, '/users'),
        record(port, 'ContentTypeHandler refuses a text/csv body (415)', origin, '/users', method='POST',
               headers={'Content-Type': 'text/csv'}, body='name,email\n'),
        record(port, 'MethodHandler refuses a DELETE (405)', origin, '/reports', method='DELETE'),
        record(port, 'panic caught by RecoveryHandler (500)', origin, '/crash'),
    ]
finally:
    stop()
write('gorilla-mux', 'gorilla/mux and gorilla/handlers', cases)
