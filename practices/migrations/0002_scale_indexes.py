"""Indexes that keep list pages and search fast as the network grows."""

from django.db import migrations

from hubsite.migration_operations import trigram_search_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
    ]

    operations = [
        trigram_search_indexes("practices_practice", "practices_evidencegap"),
    ]
