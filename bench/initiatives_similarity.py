"""Benchmark the nightly similar-work rebuild on synthetic initiatives.

Usage:
    .venv/bin/python bench/initiatives_similarity.py [--initiatives 20000] [--batch-size 500]

It migrates a fresh SQLite database in a temporary folder (or uses
DATABASE_URL when set, which must point to a throwaway database), writes
synthetic initiatives in English and French with clusters of similar work,
then runs initiatives.detection.rebuild_similar_work and prints progress,
the elapsed time of each step and the peak resident memory of the process.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# A vocabulary of made-up words stands in for the topics of real initiatives:
# each cluster draws most of its words from its own topic words, plus common
# words that every initiative uses.
COMMON_EN = [
    "employment",
    "disability",
    "work",
    "job",
    "employer",
    "training",
    "support",
    "program",
    "people",
    "community",
    "inclusion",
    "access",
    "service",
    "skill",
    "youth",
    "worker",
    "workplace",
    "accommodation",
    "partner",
    "network",
]
COMMON_FR = [
    "emploi",
    "handicap",
    "travail",
    "employeur",
    "formation",
    "soutien",
    "programme",
    "communaute",
    "inclusion",
    "service",
    "competence",
    "jeune",
    "travailleur",
    "accommodement",
    "partenaire",
    "reseau",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "nu",
    "ser",
    "tal",
    "vin",
    "dor",
    "pel",
    "rup",
    "sak",
    "tem",
    "bli",
    "gor",
    "fen",
    "hul",
    "jas",
    "kem",
]


def made_up_word(generator: random.Random) -> str:
    return "".join(generator.choice(SYLLABLES) for _ in range(3))


def synthetic_texts(count: int, seed: int = 20261204) -> list[dict[str, str]]:
    """Return `count` initiatives' texts; clusters of about eight share topic words."""
    generator = random.Random(seed)
    clusters = max(1, count // 8)
    topics = [[made_up_word(generator) for _ in range(12)] for _ in range(clusters)]
    rows = []
    for number in range(count):
        topic = topics[generator.randrange(clusters)]
        french = number % 4 == 0
        common = COMMON_FR if french else COMMON_EN
        words = [generator.choice(topic) for _ in range(25)] + [
            generator.choice(common) for _ in range(40)
        ]
        generator.shuffle(words)
        title = " ".join(words[:8])
        summary = " ".join(words[8:35])
        vision = " ".join(words[35:])
        suffix = "fr" if french else "en"
        rows.append(
            {f"title_{suffix}": title, f"summary_{suffix}": summary, f"vision_{suffix}": vision}
        )
    return rows


def peak_memory_mib() -> float:
    # ru_maxrss is in kibibytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--initiatives", type=int, default=20_000, help="number of initiatives")
    parser.add_argument("--batch-size", type=int, default=500, help="initiatives per batch")
    arguments = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="bench-initiatives-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hubsite.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from initiatives.detection import rebuild_similar_work
    from initiatives.models import Initiative
    from partners.models import Organization, StakeholderKind, Theme
    from partners.reference_data import load_reference_data

    started = time.monotonic()
    print(f"Database: {os.environ['DATABASE_URL']}", flush=True)
    call_command("migrate", verbosity=0)
    load_reference_data()
    organization = Organization.objects.create(
        name="Benchmark organization",
        kind=StakeholderKind.objects.get(slug="disability-organization"),
        verification_status="verified",
    )
    texts = synthetic_texts(arguments.initiatives)
    themes = list(Theme.objects.values_list("pk", flat=True))
    initiatives = []
    for number, fields in enumerate(texts):
        initiative = Initiative(lead_organization=organization, **fields)
        initiative.refresh_search_fields()
        initiatives.append(initiative)
        if (number + 1) % 5000 == 0:
            print(f"prepared {number + 1} of {len(texts)} initiatives", flush=True)
    Initiative.objects.bulk_create(initiatives, batch_size=1000)
    link = Initiative.themes.through
    link.objects.bulk_create(
        (
            link(initiative_id=initiative.pk, theme_id=themes[index % len(themes)])
            for index, initiative in enumerate(Initiative.objects.order_by("pk").only("pk"))
        ),
        batch_size=2000,
    )
    setup_seconds = time.monotonic() - started
    print(f"Wrote {len(texts)} initiatives in {setup_seconds:.1f} s", flush=True)

    last_report: dict[str, float] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last_report.get(stage, 0) >= 2:
            last_report[stage] = now
            print(f"  {stage}: {done} of {total}", flush=True)

    summary = rebuild_similar_work(progress, batch_size=arguments.batch_size)
    print(
        f"Rebuild: {summary.initiatives} initiatives, {summary.terms} terms, "
        f"{summary.matches} matches in {summary.seconds:.1f} s; "
        f"peak resident memory {peak_memory_mib():.0f} MiB",
        flush=True,
    )


if __name__ == "__main__":
    main()
