from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zorgvuldig.audit"
    label = "audit"
    verbose_name = _("Verwerkingslog")

    def ready(self) -> None:
        from zorgvuldig.audit import checks  # noqa: F401 -- registers the production checks
