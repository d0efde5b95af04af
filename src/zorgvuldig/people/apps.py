from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "zorgvuldig.people"
    label = "people"
    verbose_name = _("Inwoners")

    def ready(self) -> None:
        from zorgvuldig.people import basis

        basis.register()
