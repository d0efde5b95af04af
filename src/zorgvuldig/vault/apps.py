from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "zorgvuldig.vault"
    label = "vault"
    verbose_name = "Vault"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zorgvuldig.core import hooks
        from zorgvuldig.vault import checks, integration, keys  # noqa: F401  (checks register)

        hooks.register_hidden_filter(integration.erased_residents)
        hooks.register_after_fetch(integration.warm_keys)
        post_migrate.connect(keys.ensure_system_keys_after_migrate, sender=self)
