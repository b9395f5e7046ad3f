"""/healthz and /readyz: liveness without the database, readiness with database and Redis."""

from __future__ import annotations

import socket

import pytest
from django.db import connection
from django.test import Client

from hubsite import health


def unused_redis_url() -> str:
    """Return a redis:// URL on a loopback port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_healthz_needs_no_database(client):
    """Without the django_db mark, pytest-django makes any query raise."""
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_rejects_post(client):
    response = client.post("/healthz")

    assert response.status_code == 405


@pytest.mark.django_db
def test_readyz_ok(client, settings):
    response = client.get("/readyz")
    body = response.json()

    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    if settings.REDIS_URL:
        assert body["checks"]["redis"] == "ok"
    else:
        assert "redis" not in body["checks"]


@pytest.mark.django_db
def test_readyz_names_failing_redis(client, settings):
    settings.REDIS_URL = unused_redis_url()

    response = client.get("/readyz")
    body = response.json()

    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["failing"] == ["redis"]
    assert body["checks"] == {"database": "ok", "redis": "failed"}
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_names_failing_database(client, monkeypatch):
    def broken_cursor():
        raise health.DatabaseError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/readyz")
    body = response.json()

    assert response.status_code == 503
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == "failed"


@pytest.mark.django_db
def test_health_outside_language_prefix():
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert client.get("/fr/healthz").status_code == 404
