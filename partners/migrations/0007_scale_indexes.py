"""Indexes that keep list pages and search fast as the network grows."""

from django.db import migrations, models

from hubsite.migration_operations import trigram_search_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_organization_version"),
    ]

    operations = [
        trigram_search_indexes("partners_partnership"),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                fields=["verification_status", "sort_name", "id"], name="org_status_name_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(
                fields=["verification_status", "created", "id"], name="org_status_created_idx"
            ),
        ),
    ]
