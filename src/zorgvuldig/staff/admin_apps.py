"""Django's admin app with :class:`~zorgvuldig.staff.admin_site.MfaAdminSite` as its site (P12).

A module of its own: INSTALLED_APPS imports it before the models are ready.
"""

from django.contrib.admin.apps import AdminConfig


class MfaAdminConfig(AdminConfig):
    default_site = "zorgvuldig.staff.admin_site.MfaAdminSite"
