"""The production profile really serves: gunicorn + bwmo.conf.production + PostgreSQL.

Runs in the PostgreSQL pass of .ci/run (marked `postgres`). It creates its own scratch database,
migrates it and collects the static files under the production settings, starts gunicorn on a
free loopback port (the command of the Dockerfile, one worker), and checks what a load balancer
and a browser see: the health probe over http, the redirect to https, HSTS, CSP and the other
security headers, secure cookies, static files from the manifest, and the API schema behind the
login. The server and the database are removed afterwards.
"""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.postgres

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _get(url: str, **headers: str):  # type: ignore[no-untyped-def]
    assert url.startswith("http://127.0.0.1:")
    request = urllib.request.Request(  # noqa: S310  (loopback http only, asserted above)
        url, headers={"Host": "bwmo.example.nl", **headers})
    try:
        return _opener.open(request, timeout=20)
    except urllib.error.HTTPError as exc:  # 3xx/4xx come back as errors without redirects
        return exc


@pytest.fixture
def production_db():  # type: ignore[no-untyped-def]
    import psycopg

    base = os.environ["DATABASE_URL"]
    parts = urlsplit(base)
    name = f"bwmo_prodcheck_{os.getpid()}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_gunicorn_serves_the_production_profile(production_db, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BWMO_", "DJANGO_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="bwmo.conf.production", DATABASE_URL=production_db,
        SECRET_KEY=secrets.token_urlsafe(64), ALLOWED_HOSTS="bwmo.example.nl",
        BWMO_BSN_KEY="dGVzdC1ic24ta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=",
        BWMO_BSN_INDEX_KEY="dGVzdC1ic24taW5kZXgtbm90LWZvci1wcm9kdWN0biE=",
        EMAIL_HOST="127.0.0.1", DEFAULT_FROM_EMAIL="bwmo@example.nl",
        BWMO_VAR_DIR=str(tmp_path), CSRF_TRUSTED_ORIGINS="https://bwmo.example.nl",
    )
    for args in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        done = subprocess.run([BIN / "bwmo", *args], env=env, capture_output=True, text=True,  # noqa: S603
                              timeout=600)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments, loopback only)
        [BIN / "gunicorn", "bwmo.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2", "--timeout", "60", "--forwarded-allow-ips", "*"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if _get(f"{base}/health/").status == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None, server.stdout.read() if server.stdout else ""
            time.sleep(0.5)
        else:
            pytest.fail("gunicorn did not answer /health/ within 60 s")

        # plain http is redirected to https, except the health probe
        plain = _get(f"{base}/accounts/login/")
        assert plain.status == 301
        assert plain.headers["Location"].startswith("https://bwmo.example.nl/")

        https = {"X-Forwarded-Proto": "https"}
        login = _get(f"{base}/accounts/login/", **https)
        assert login.status == 200
        headers = login.headers
        assert "max-age=" in headers["Strict-Transport-Security"]
        csp = headers["Content-Security-Policy"]
        assert "script-src" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "Permissions-Policy" in headers
        cookies = headers.get_all("Set-Cookie") or []
        assert cookies and all("Secure" in c for c in cookies), cookies
        page = login.read().decode()
        static = re.search(r'href="(/static/[^"]+\.css)"', page)
        assert static, "no stylesheet on the login page"
        assert re.search(r"\.[0-9a-f]{12}\.css$", static.group(1)), "not from the manifest"
        assert _get(f"{base}{static.group(1)}", **https).status == 200

        assert _get(f"{base}/", **https).status == 302  # the product needs a login
        schema = _get(f"{base}/api/schema/", **https)
        assert schema.status in (401, 403), schema.status
        assert _get(f"{base}/", **https, Host="evil.example.com").status == 400
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
