from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "zorgvuldig.core"
    label = "core"
    verbose_name = "Zorgvuldig core"

    def ready(self) -> None:
        from zorgvuldig.core import (
            checks,  # noqa: F401  (registers system checks)
            joins,
        )

        joins.install()
