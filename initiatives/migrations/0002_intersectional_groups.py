"""Seed the managed list of intersectional groups; coordinators may add more in the admin."""

from django.db import migrations

GROUPS = [
    ("indigenous", "Indigenous Peoples", "Peuples autochtones"),
    ("women", "Women", "Femmes"),
    ("youth", "Youth", "Jeunes"),
    ("newcomers", "Newcomers", "Personnes nouvellement arrivées"),
    ("2slgbtqi", "2SLGBTQI+ people", "Personnes 2ELGBTQI+"),
    ("racialized", "Racialized people", "Personnes racisées"),
    ("rural-remote", "Rural and remote communities", "Collectivités rurales et éloignées"),
    ("older-workers", "Older workers", "Travailleuses et travailleurs âgés"),
    ("other", "Others", "Autres"),
]


def add_groups(apps, schema_editor):
    group_model = apps.get_model("initiatives", "IntersectionalGroup")
    for position, (slug, name_en, name_fr) in enumerate(GROUPS):
        group_model.objects.update_or_create(
            slug=slug, defaults={"name_en": name_en, "name_fr": name_fr, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(add_groups, migrations.RunPython.noop)]
