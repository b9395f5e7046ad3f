"""Backups: the demo network survives pg_dump -Fc and pg_restore into a fresh database.

This follows the procedure in docs/operations.md. It needs PostgreSQL and the
pg_dump and pg_restore programs, and is skipped otherwise. Loading the demo
takes most of its time (about a minute on a busy two-core machine).
"""

from __future__ import annotations

import importlib
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from psycopg2 import sql

# Data migrations that create rows the demo loader looks up: module and function.
DATA_MIGRATIONS = [
    ("initiatives.migrations.0002_intersectional_groups", "add_groups"),
    ("governance.migrations.0002_seed_default_framework", "seed"),
]


def client_environment() -> tuple[list[str], dict[str, str]]:
    """Return the connection options and environment for PostgreSQL's programs."""
    database = connection.settings_dict
    options = [
        "--host",
        database["HOST"] or "127.0.0.1",
        "--port",
        str(database["PORT"] or 5432),
        "--username",
        database["USER"] or "postgres",
    ]
    env = dict(os.environ)
    if database["PASSWORD"]:
        env["PGPASSWORD"] = database["PASSWORD"]
    return options, env


def run(program: str, *arguments: str) -> None:
    options, env = client_environment()
    result = subprocess.run(  # noqa: S603 (fixed arguments)
        [program, *options, *arguments], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{program} failed: {result.stderr}"


def table_names(cursor: object) -> list[str]:
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]  # type: ignore[attr-defined]


def row_counts(cursor: object, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))  # type: ignore[attr-defined]
        counts[table] = cursor.fetchone()[0]  # type: ignore[attr-defined]
    return counts


@pytest.fixture
def restored_database() -> Iterator[str]:
    """Name a fresh database for the restore and drop it afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("The backup test needs PostgreSQL (set DATABASE_URL=postgres://...).")
    for program in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if shutil.which(program) is None:
            pytest.skip(f"The backup test needs {program} on PATH.")
    name = f"{connection.settings_dict['NAME']}_restored_{secrets.token_hex(4)}"
    run("createdb", name)
    try:
        yield name
    finally:
        run("dropdb", "--if-exists", "--force", name)


def reseed_data_migrations() -> None:
    """Run the data migrations again, idempotently, whose rows the demo needs.

    Transactional tests empty every table when they end, including rows that
    migrations created, and an earlier test in the session may be one.
    """
    for module_name, function_name in DATA_MIGRATIONS:
        module = importlib.import_module(module_name)
        getattr(module, function_name)(apps, None)


@pytest.mark.django_db(transaction=True)
def test_dump_and_restore_keeps_every_row(restored_database: str, tmp_path: Path) -> None:
    reseed_data_migrations()
    call_command("load_reference_data", verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    dump = tmp_path / "hub.dump"

    run("pg_dump", "--format=custom", "--file", str(dump), connection.settings_dict["NAME"])
    run("pg_restore", "--no-owner", "--no-privileges", "--dbname", restored_database, str(dump))

    with connection.cursor() as cursor:
        source_tables = table_names(cursor)
        source = row_counts(cursor, source_tables)
    database = connection.settings_dict
    restored_connection = psycopg2.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        password=database["PASSWORD"] or None,
        dbname=restored_database,
    )
    try:
        with restored_connection.cursor() as cursor:
            restored_tables = table_names(cursor)
            restored = row_counts(cursor, restored_tables)
    finally:
        restored_connection.close()

    model_tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert dump.stat().st_size > 0
    assert restored_tables == source_tables
    assert model_tables <= set(source_tables)
    assert {"auth_group", "guardian_userobjectpermission", "django_migrations"} <= set(
        source_tables
    )
    assert sum(source.values()) > 3000
    assert restored == source
    emptied = [table for table, count in source.items() if count and not restored[table]]
    assert emptied == []
