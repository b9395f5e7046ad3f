"""Seed the default acquisition framework and its criteria in English and French."""

from django.db import migrations


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    from governance.framework_data import DEFAULT_CRITERIA, FRAMEWORK_NAME

    Framework = apps.get_model("governance", "Framework")
    Criterion = apps.get_model("governance", "Criterion")
    if Framework.objects.exists():
        return
    framework = Framework.objects.create(name_en=FRAMEWORK_NAME["en"], name_fr=FRAMEWORK_NAME["fr"])
    for position, data in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.create(framework=framework, position=position, **data)


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_framework_assessments_reviews")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
