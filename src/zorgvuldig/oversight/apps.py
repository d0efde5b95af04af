from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Reading the processing log for people: transparency for residents (P17), snooping
    alerts for team leads and the privacy officer (P14)."""

    name = "zorgvuldig.oversight"
    label = "oversight"
    verbose_name = _("Toezicht op verwerkingen")

    def ready(self) -> None:
        from zorgvuldig.oversight import checks  # noqa: F401  (registers the system checks)
