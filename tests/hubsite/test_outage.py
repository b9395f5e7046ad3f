"""PostgreSQL unreachable: 503 pages in both languages, JSON 503 from the API, recovery.

The in-process tests make the database connection raise and run on any
database. The end-to-end test runs gunicorn against PostgreSQL through a TCP
proxy on loopback, cuts the proxy and restores it, and checks that the same
web process serves pages again without a restart.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

ROOT = Path(__file__).resolve().parents[2]
# Loopback ports this test may listen on: the proxy and the web server.
PORT_RANGE = range(18150, 18200)
OUTAGE_HEADING = "The hub is temporarily unavailable"
API_DETAIL = "The service is temporarily unavailable. Please try again shortly."


def expected(message: str, language: str) -> str:
    with translation.override(language):
        return gettext(message)


# ---------------------------------------------------------------------------
# In-process: database errors raised in a view and in a middleware
# ---------------------------------------------------------------------------


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every new query fail as it does while PostgreSQL is unreachable."""

    def raise_connection_error(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", raise_connection_error)
    monkeypatch.setattr(connection, "cursor", raise_connection_error)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_page_is_503_in_language(database_down, language):
    client = Client(raise_request_exception=False)

    response = client.get(f"/{language}/")
    html = response.content.decode()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert f'<html lang="{language}">' in html
    assert expected(OUTAGE_HEADING, language) in html
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_api_is_json_503(database_down):
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/organizations/", HTTP_AUTHORIZATION="Token 0123456789abcdef")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": API_DETAIL}
    assert response["Retry-After"] == "30"


class FailingMiddleware:
    """Raise a database error before the view runs, as a session lookup would."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/", "/api/v1/organizations/"])
def test_middleware_error_is_503(settings, path):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.FailingMiddleware"]
    client = Client(raise_request_exception=False)

    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"


class BuggyMiddleware(FailingMiddleware):
    def __call__(self, request: HttpRequest) -> HttpResponse:
        raise ValueError("a bug, not an outage")


@pytest.mark.django_db
def test_other_errors_stay_500(settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.BuggyMiddleware"]
    client = Client(raise_request_exception=False)

    response = client.get("/en/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_outage_page_renders_without_database():
    """Without the django_db mark, pytest-django makes any query raise."""
    from hubsite.middleware import outage_response

    request = HttpRequest()
    request.path_info = request.path = "/fr/organisations/"
    response = outage_response(request)

    assert response.status_code == 503
    assert '<html lang="fr">' in response.content.decode()


# ---------------------------------------------------------------------------
# End to end: gunicorn, PostgreSQL behind a proxy that the test cuts
# ---------------------------------------------------------------------------


class TcpProxy:
    """Forward loopback connections to PostgreSQL until cut.

    `cut` closes every open connection and closes new ones at once, as a
    restarting database server does; `restore` forwards again.
    """

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", port))
        self.listener.settimeout(0.1)
        self.port = port
        self.is_cut = threading.Event()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.open_sockets: set[socket.socket] = set()
        self.thread = threading.Thread(target=self.accept_loop, daemon=True)
        self.thread.start()

    def accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                client, _address = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.is_cut.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.open_sockets.update({client, upstream})
            for source, destination in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, destination), daemon=True).start()

    def pump(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            self.close_socket(source)
            self.close_socket(destination)

    def close_socket(self, sock: socket.socket) -> None:
        with self.lock:
            self.open_sockets.discard(sock)
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()

    def cut(self) -> None:
        self.is_cut.set()
        with self.lock:
            sockets = list(self.open_sockets)
        for sock in sockets:
            self.close_socket(sock)

    def restore(self) -> None:
        self.is_cut.clear()

    def stop(self) -> None:
        self.stopping.set()
        self.cut()
        self.listener.close()
        self.thread.join(timeout=5)


def free_port(exclude: Collection[int] = ()) -> int:
    for port in PORT_RANGE:
        if port in exclude:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free loopback port in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: str


def fetch(url: str, **headers: str) -> Reply:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback URL)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return Reply(response.status, dict(response.headers), response.read().decode())
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read().decode())


# Settings for the server under test: production settings, except that static
# files need no collectstatic run, because the manifest is not what this tests.
SERVER_SETTINGS = """
from hubsite.settings import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
"""


def server_environment(proxy_port: int, settings_folder: Path) -> dict[str, str]:
    """Return the environment of a production-like server that uses the proxy."""
    database = connection.settings_dict
    user = database["USER"]
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(
        DATABASE_URL=f"postgres://{user}{password}@127.0.0.1:{proxy_port}/{database['NAME']}",
        DJANGO_SETTINGS_MODULE="outage_settings",
        PYTHONPATH=f"{settings_folder}{os.pathsep}{ROOT}",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        # Cached public pages would still return 200 during the outage.
        HUB_PAGE_CACHE_SECONDS="0",
    )
    return env


def wait_until_healthy(base_url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if fetch(f"{base_url}/healthz").status == 200:
                return
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")
        time.sleep(0.3)


@pytest.fixture
def proxied_server(transactional_db: None, tmp_path: Path) -> Iterator[tuple[str, TcpProxy]]:
    """Start gunicorn with one sync worker, whose database connections go through a TcpProxy."""
    if connection.vendor != "postgresql":
        pytest.skip("The outage test needs PostgreSQL (set DATABASE_URL=postgres://...).")
    database = connection.settings_dict
    target = (database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432))
    proxy = TcpProxy(free_port(), target)
    web_port = free_port({proxy.port})
    base_url = f"http://127.0.0.1:{web_port}"
    (tmp_path / "outage_settings.py").write_text(SERVER_SETTINGS)
    log = tmp_path / "gunicorn.log"

    with log.open("wb") as log_file:
        server = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "hubsite.wsgi:application",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=server_environment(proxy.port, tmp_path),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(base_url, server, log)
        yield base_url, proxy
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.stop()


@pytest.mark.django_db(transaction=True)
def test_outage_and_recovery(proxied_server, make_organization):
    from partners.services import issue_api_token
    from tests.conftest import make_user

    base_url, proxy = proxied_server
    make_organization(name="Outage Test Organization")
    token = issue_api_token(make_user("outage.reader@example.org")).key
    api = {"Authorization": f"Token {token}", "Accept": "application/json"}

    before = [
        fetch(f"{base_url}/en/"),
        fetch(f"{base_url}/fr/"),
        fetch(f"{base_url}/api/v1/organizations/", **api),
    ]
    assert [reply.status for reply in before] == [200, 200, 200]

    proxy.cut()
    english = fetch(f"{base_url}/en/")
    french = fetch(f"{base_url}/fr/")
    api_reply = fetch(f"{base_url}/api/v1/organizations/", **api)
    ready = fetch(f"{base_url}/readyz")
    alive = fetch(f"{base_url}/healthz")

    assert english.status == 503
    assert '<html lang="en">' in english.body
    assert expected(OUTAGE_HEADING, "en") in english.body
    assert english.headers["Retry-After"] == "30"
    assert french.status == 503
    assert '<html lang="fr">' in french.body
    assert expected(OUTAGE_HEADING, "fr") in french.body
    assert api_reply.status == 503
    assert api_reply.headers["Content-Type"] == "application/json"
    assert '"detail"' in api_reply.body
    assert ready.status == 503
    assert '"failing": ["database"]' in ready.body
    assert alive.status == 200

    proxy.restore()
    after = [
        fetch(f"{base_url}/en/"),
        fetch(f"{base_url}/fr/"),
        fetch(f"{base_url}/api/v1/organizations/", **api),
    ]

    assert [reply.status for reply in after] == [200, 200, 200]
    assert "Outage Test Organization" in after[2].body
    assert fetch(f"{base_url}/readyz").status == 200


@pytest.mark.django_db(transaction=True)
def test_idle_connection_replaced_after_restart(proxied_server):
    base_url, proxy = proxied_server
    assert fetch(f"{base_url}/en/").status == 200

    # The worker's persistent connection breaks while no request uses it, as
    # when PostgreSQL restarts at night. CONN_HEALTH_CHECKS makes the next
    # request notice and reconnect instead of failing once.
    proxy.cut()
    proxy.restore()

    assert fetch(f"{base_url}/en/").status == 200


@pytest.mark.django_db
def test_api_503_follows_accept_language(database_down):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="fr")

    response = client.get("/api/v1/organizations/")

    assert response.status_code == 503
    assert response.json() == {"detail": expected(API_DETAIL, "fr")}
