"""Every user-facing string has a French translation, and the compiled catalogue is current."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
SOURCE_FOLDERS = [
    "hubsite",
    "partners",
    "initiatives",
    "governance",
    "metrics",
    "practices",
    "templates",
]


def entry_key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_no_untranslated_entry(catalogue):
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]

    assert missing == []


def test_no_fuzzy_entry(catalogue):
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert fuzzy == []


def test_plural_entries_have_every_form(catalogue):
    incomplete = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]

    assert incomplete == []


def test_compiled_catalogue_matches(catalogue):
    compiled = {entry_key(entry): entry for entry in polib.mofile(str(COMPILED))}

    stale = [
        entry.msgid
        for entry in catalogue.translated_entries()
        if entry_key(entry) not in compiled
        or compiled[entry_key(entry)].msgstr != entry.msgstr
        or compiled[entry_key(entry)].msgstr_plural != entry.msgstr_plural
    ]

    assert stale == [], "Run `make messages` to recompile locale/fr/LC_MESSAGES/django.mo."


def test_every_source_string_is_in_catalogue(tmp_path, catalogue):
    """Extract the strings from a copy of the sources and look each one up."""
    assert shutil.which("xgettext"), "xgettext is missing: install Debian's gettext package."
    for folder in SOURCE_FOLDERS:
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "data")
        )
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale").mkdir()

    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "fr", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    translated = {entry_key(entry) for entry in catalogue.translated_entries()}

    missing = [entry.msgid for entry in extracted if entry_key(entry) not in translated]

    assert missing == [], "Run `make messages` and translate the new entries."
