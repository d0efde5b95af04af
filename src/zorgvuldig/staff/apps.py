from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "zorgvuldig.staff"
    label = "staff"
    verbose_name = _("Medewerkers")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save, pre_save

        from zorgvuldig.staff import sessions

        # Session timeouts count from login; a disabled account or a new password ends every
        # session and token of the account (P12, staff/sessions.py).
        user_logged_in.connect(sessions.on_user_logged_in, dispatch_uid="staff-session-start")
        user = get_user_model()
        pre_save.connect(sessions.on_user_pre_save, sender=user, dispatch_uid="staff-user-pre")
        post_save.connect(sessions.on_user_post_save, sender=user, dispatch_uid="staff-user-post")
