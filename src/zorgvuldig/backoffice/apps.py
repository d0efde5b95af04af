from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "zorgvuldig.backoffice"
    label = "backoffice"
