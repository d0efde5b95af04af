"""Used by the migrations that turned personal fields into encrypted ones.

Those migrations replace plaintext columns; they do not convert data. Zorgvuldig had no
release before the vault, so the only databases with plaintext rows are old demo databases:
the migration refuses to run on one (nothing is changed), and ``zorgvuldig demo`` moves such a
database aside and builds a new one (docs/security.md, "Upgrading a demo database").
"""

from __future__ import annotations

PLAINTEXT_REFUSED = (
    "This database holds personal data stored before field encryption (the vault). "
    "It cannot be upgraded in place; see docs/security.md, 'Upgrading a demo database'."
)


def refuse_plaintext_rows(*models: tuple[str, str]):
    def check(apps, schema_editor):
        for app_label, model_name in models:
            model = apps.get_model(app_label, model_name)
            if model._default_manager.using(schema_editor.connection.alias).exists():
                raise RuntimeError(PLAINTEXT_REFUSED)

    return check
