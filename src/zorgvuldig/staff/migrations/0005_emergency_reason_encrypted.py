# The emergency-access reason is sealed with the resident's data key (docs/security.md).

import uuid

from django.db import migrations, models

import zorgvuldig.vault.fields
from zorgvuldig.vault.migration_guard import refuse_plaintext_rows


class Migration(migrations.Migration):
    dependencies = [
        ("staff", "0004_staff_sessions"),
        ("people", "0005_vault_encrypted_fields"),
    ]

    operations = [
        migrations.RunPython(
            refuse_plaintext_rows(("staff", "emergencyaccess")), migrations.RunPython.noop
        ),
        migrations.AddField(
            model_name="emergencyaccess",
            name="row_uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.RemoveField(model_name="emergencyaccess", name="reason"),
        migrations.AddField(
            model_name="emergencyaccess",
            name="reason",
            field=zorgvuldig.vault.fields.EncryptedTextField(
                max_length=1000, verbose_name="reden"
            ),
        ),
    ]
