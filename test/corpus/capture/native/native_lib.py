# Helpers the capture-*.py scripts for servers outside Python share: start a server as a child
# process from a fixed work folder, stop it by its process group, stand up upstreams that are dead,
# slow or broken for the proxies, and record requests that http.client cannot send (malformed ones).
# The case shape is capture_lib.py's; this module only adds what starting other programs needs.
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

CAPTURE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATIVE_DIR = os.path.join(CAPTURE_DIR, 'native')
sys.path.insert(0, CAPTURE_DIR)

from capture_lib import OUT_DIR, SKIP, free_port, wait_listening  # noqa: E402

# Every server runs from a folder under this fixed path, so that stack traces and pages which
# quote a file name show the same path on every machine and never the checkout's location.
WORK_ROOT = '/tmp/rq-capture-native'


def work_dir(name):
    """A fresh, fixed folder for one server's files: /tmp/rq-capture-native/<name>."""
    path = os.path.join(WORK_ROOT, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    os.chmod(WORK_ROOT, 0o755)
    os.chmod(path, 0o755)
    return path


def copy_native(relative, destination):
    """Copies a file from native/ into a work folder, keeping its name; returns the new path."""
    target = os.path.join(destination, os.path.basename(relative))
    shutil.copyfile(os.path.join(NATIVE_DIR, relative), target)
    return target


def render_template(relative, destination, values):
    """Copies a config template from native/, replacing each @KEY@ with its value."""
    with open(os.path.join(NATIVE_DIR, relative)) as source:
        text = source.read()
    for key, value in values.items():
        text = text.replace(f'@{key}@', str(value))
    target = os.path.join(destination, os.path.basename(relative).replace('.in', ''))
    with open(target, 'w') as output:
        output.write(text)
    return target


def serve_process(argv, port, name, cwd=None, env=None, seconds=30):
    """Starts `argv` in its own process group, waits until 127.0.0.1:`port` listens and returns
    (port, stop). Its output goes to out/logs/<name>.log; stop() ends the group it started."""
    os.makedirs(os.path.join(OUT_DIR, 'logs'), exist_ok=True)
    log = open(os.path.join(OUT_DIR, 'logs', f'{name}.log'), 'w')
    process = subprocess.Popen(
        argv, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )

    def stop():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        log.close()

    try:
        deadline = time.time() + seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f'{name} exited with {process.returncode}; see out/logs/{name}.log')
            try:
                socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError(f'{name} did not listen on {port}; see out/logs/{name}.log')
                time.sleep(0.1)
    except BaseException:
        stop()
        raise
    return port, stop


class _Upstream:
    """A TCP server in a thread that answers every connection with `behaviour(connection)`."""

    def __init__(self, behaviour):
        self.socket = socket.socket()
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(('127.0.0.1', 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.behaviour = behaviour
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection):
        try:
            connection.settimeout(10)
            connection.recv(65536)
            self.behaviour(connection, self.stopped)
        except OSError:
            pass
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.socket.close()


def slow_upstream(seconds=5):
    """An upstream that reads the request and answers nothing for `seconds` (a gateway times out)."""
    return _Upstream(lambda connection, stopped: stopped.wait(seconds))


def garbage_upstream():
    """An upstream that answers a request with a line that is not HTTP, then closes."""
    return _Upstream(lambda connection, stopped: connection.sendall(b'this is not http\r\n\r\n'))


def dead_port():
    """A port on 127.0.0.1 that nothing listens on (connections are refused)."""
    return free_port()


def record_raw(port, name, origin, raw, note_request):
    """Sends the bytes `raw` as they are (a request http.client refuses to build) and records the
    reply like capture_lib.record; `note_request` describes the request in the origin."""
    with socket.create_connection(('127.0.0.1', port), timeout=10) as connection:
        connection.sendall(raw)
        chunks = []
        while True:
            try:
                chunk = connection.recv(65536)
            except (socket.timeout, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
    data = b''.join(chunks)
    head, _, body = data.partition(b'\r\n\r\n')
    lines = head.decode('iso-8859-1').split('\r\n')
    status = int(lines[0].split(' ')[1])
    headers = {}
    chunked = False
    for line in lines[1:]:
        key, _, value = line.partition(':')
        key = key.strip().lower()
        value = value.strip()
        if key == 'transfer-encoding' and 'chunked' in value.lower():
            chunked = True
        if key in SKIP:
            continue
        headers[key] = headers[key] + ', ' + value if key in headers else value
    if chunked:
        body = _dechunk(body)
    text = body.decode('utf-8', errors='replace')
    response = {'status': status, 'headers': headers}
    import json

    try:
        response['body'] = json.loads(text)
    except ValueError:
        response['bodyText'] = text
    return {
        'name': name,
        'origin': f'{origin}, {note_request}',
        'request': {'raw': raw.decode('latin-1')},
        'response': response,
    }


def _dechunk(body):
    out = b''
    while body:
        size_line, _, rest = body.partition(b'\r\n')
        size = int(size_line.split(b';')[0] or b'0', 16)
        if size == 0:
            break
        out += rest[:size]
        body = rest[size + 2:]
    return out


__all__ = [
    'WORK_ROOT', 'NATIVE_DIR', 'work_dir', 'copy_native', 'render_template', 'serve_process',
    'slow_upstream', 'garbage_upstream', 'dead_port', 'record_raw', 'free_port', 'wait_listening',
]
