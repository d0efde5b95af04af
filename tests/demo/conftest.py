"""The demo organisation, loaded once for the tests in this folder.

Loading takes some seconds, so it happens once per test session for this package (uploaded
files go to a temporary media folder) and the database is emptied afterwards; each test reads
it inside its own transaction.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests import append_only
from zorgvuldig.demo.loader import DEFAULT_SEED, load_demo


@pytest.fixture(scope="package")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker, demo_media):
    with override_settings(MEDIA_ROOT=demo_media):
        with django_db_blocker.unblock():
            result = load_demo(seed=DEFAULT_SEED)
        yield result
        with django_db_blocker.unblock(), append_only.suspended():
            call_command("flush", interactive=False, verbosity=0)
