#!/usr/bin/python3
# Captures Tomcat 10's default error pages (ErrorReportValve): an unknown path (404), a method the
# servlet does not implement (405), an uncaught exception (500, its exception report with the stack),
# sendError with a message (400) and without one (415), UnavailableException (503 with Retry-After),
# BASIC auth without credentials (401) and with a user lacking the role (403), and a malformed
# request target (400). The servlets and configuration are in native/tomcat/. Writes out/tomcat.json.
# Debian packages: tomcat10, openjdk-17-jdk-headless (javac). Run with /usr/bin/python3 from this folder.
import glob
import os
import shutil
import subprocess

from native.native_lib import NATIVE_DIR, free_port, record_raw, render_template, serve_process, work_dir
from capture_lib import record, write

HOME = '/usr/share/tomcat10'
package = subprocess.run(['dpkg-query', '-W', '-f=${Version}', 'tomcat10'], capture_output=True, text=True).stdout
origin = f'ran Apache Tomcat {package.split("-")[0]} (Debian package tomcat10 {package}) here, native/tomcat/'
base = work_dir('tomcat')
for folder in ('conf', 'logs', 'temp', 'work', 'webapps/ROOT/WEB-INF/classes'):
    os.makedirs(os.path.join(base, folder))
for name in ('web.xml', 'catalina.properties', 'logging.properties', 'context.xml'):
    shutil.copyfile(os.path.join('/etc/tomcat10', name), os.path.join(base, 'conf', name))
shutil.copyfile(os.path.join(NATIVE_DIR, 'tomcat', 'tomcat-users.xml'), os.path.join(base, 'conf', 'tomcat-users.xml'))
shutil.copyfile(os.path.join(NATIVE_DIR, 'tomcat', 'web.xml'), os.path.join(base, 'webapps/ROOT/WEB-INF/web.xml'))
subprocess.run(['javac', '-cp', f'{HOME}/lib/servlet-api.jar', '-d', os.path.join(base, 'webapps/ROOT/WEB-INF/classes'),
                *sorted(glob.glob(os.path.join(NATIVE_DIR, 'tomcat', 'src', '*.java')))], check=True)
port = free_port()
render_template('tomcat/server.xml.in', os.path.join(base, 'conf'), {'PORT': port})
env = {'CATALINA_HOME': HOME, 'CATALINA_BASE': base, 'CATALINA_TMPDIR': os.path.join(base, 'temp')}
port, stop = serve_process([f'{HOME}/bin/catalina.sh', 'run'], port, 'tomcat', env=env, seconds=90)
json_type = {'Content-Type': 'application/json'}
try:
    cases = [
        record(port, 'unknown path (404)', origin, '/nope'),
        record(port, 'method the servlet does not implement (405)', origin, '/users'),
        record(port, 'uncaught exception (500 exception report)', origin, '/crash'),
        record(port, "sendError(400, 'Email is required.')", origin, '/signup', method='POST',
               headers=json_type, body='{"email": ""}'),
        record(port, 'sendError(415) without a message', origin, '/signup', method='POST',
               headers={'Content-Type': 'text/csv'}, body='email\n'),
        record(port, 'UnavailableException for 120 seconds (503)', origin, '/reports', keep_date=True),
        record(port, 'BASIC auth without credentials (401)', origin, '/private/users', method='POST',
               headers=json_type, body='{}'),
        record(port, 'BASIC auth as a user without the role (403)', origin, '/private/users', method='POST',
               headers={**json_type, 'Authorization': 'Basic YWxpY2U6d29uZGVybGFuZA=='}, body='{}'),
        record_raw(port, 'malformed request target (400)', origin, b'GET /a|b HTTP/1.1\r\nHost: x\r\n\r\n',
                   'GET /a|b (a character the request target may not hold)'),
    ]
finally:
    stop()
write('tomcat', 'Apache Tomcat', cases)
