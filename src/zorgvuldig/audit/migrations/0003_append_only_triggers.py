from django.db import migrations

from zorgvuldig.audit import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.connection)


def drop(apps, schema_editor):
    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_ldv_fields_and_seals")]

    operations = [migrations.RunPython(install, drop)]
