"""Helpers of the fault tests: a Redis server of the test's own, and a Celery worker process."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

# Loopback ports the fault tests may use for servers of their own.
PORTS = range(18400, 18500)
START_TIMEOUT = 60  # seconds


def free_port() -> int:
    """Return a port of PORTS that nothing listens on now."""
    for port in PORTS:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.fail(f"No free loopback port in {PORTS.start}-{PORTS.stop - 1}.")


def wait_for(
    condition: Callable[[], bool], timeout: float, description: str, log: Path | None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    details = f" Log:\n{log.read_text()}" if log is not None and log.exists() else ""
    pytest.fail(f"Timed out after {timeout} s waiting for {description}.{details}")


def stop_process_group(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stop a process started with start_new_session=True, and everything it started."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


class RedisServer:
    """A redis-server on a loopback port, without persistence, that a test stops and starts."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        binary = shutil.which("redis-server")
        assert binary is not None
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command, no shell)
                [
                    binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--daemonize",
                    "no",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)

        def responds() -> bool:
            try:
                return bool(client.ping())
            except redis.RedisError:
                return False

        wait_for(responds, 15, f"redis-server on port {self.port}", self.log)

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A running redis-server of this test only; the test may stop and start it."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed, so the test cannot run a Redis of its own.")
    server = RedisServer(free_port(), tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def redis_unavailable_reason() -> str | None:
    if not settings.REDIS_URL:
        return "REDIS_URL is not set, so there is no broker for a real worker."
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {settings.REDIS_URL} is not reachable: {error}"
    return None


def database_url() -> str:
    """The URL of the test database this process uses, for a worker process."""
    database = connection.settings_dict
    user = quote(database.get("USER") or "")
    password = database.get("PASSWORD") or ""
    credentials = f"{user}@" if user else ""
    if password:
        credentials = f"{user}:{quote(password)}@"
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{database['NAME']}"


def skip_without_worker_support() -> None:
    reason = redis_unavailable_reason()
    if reason:
        pytest.skip(reason)
    if connection.vendor != "postgresql":
        pytest.skip(
            "A worker process cannot see an SQLite test database, so this runs on PostgreSQL."
        )


class Worker:
    """A `celery worker` process on a queue of its own, started with extra environment."""

    def __init__(self, queue: str, log: Path, environment: Mapping[str, str]) -> None:
        self.queue = queue
        self.log = log
        self.environment = dict(environment)
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "TIME_ZONE": settings.TIME_ZONE,
            "HUB_QUARTER_START_MONTH": str(settings.HUB_QUARTER_START_MONTH),
            "DJANGO_SETTINGS_MODULE": "tests.hubsite.fault_worker_settings",
            "PYTHONPATH": str(settings.BASE_DIR),
            **self.environment,
        }
        command = [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "hubsite",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            self.queue,
            "-n",
            f"{self.queue}-{uuid.uuid4().hex[:6]}@%h",
        ]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        start = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as output:
            process = subprocess.Popen(  # noqa: S603 (a fixed command, no shell)
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.process = process

        def ready() -> bool:
            return process.poll() is not None or " ready." in self.log.read_text()[start:]

        wait_for(ready, START_TIMEOUT, "the worker to start", self.log)
        if process.poll() is not None:
            pytest.fail(f"The worker exited with {process.returncode}:\n{self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL the worker: no shutdown, no acknowledgement, as a crash or OOM kill."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process)
            self.process = None


def reset_broker_pools() -> None:
    """Drop Celery's pooled broker connections, so the next publish uses the current broker_url."""
    from kombu import pools

    from hubsite.celery import app

    pools.reset()
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]
