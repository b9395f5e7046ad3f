"""Transaction-scoped locks that serialize work on one key, such as one email address."""

from __future__ import annotations

from django.db import connection


def lock_for_transaction(namespace: str, key: str) -> None:
    """Block until no other transaction holds the lock on (`namespace`, `key`).

    On PostgreSQL this takes an advisory lock released at commit or rollback,
    so two requests that race to create the same record run one after the
    other and the second sees the first's row. SQLite already serializes
    writers, so there it does nothing. Call it inside a transaction.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", [namespace, key])
