"""Indexes that keep list pages and search fast as the network grows."""

from django.db import migrations

from hubsite.migration_operations import trigram_search_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_initiative_version"),
    ]

    operations = [
        trigram_search_indexes("initiatives_initiative"),
    ]
