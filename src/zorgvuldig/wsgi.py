"""WSGI entry point used by `zorgvuldig serve` (gunicorn) and the demo server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgvuldig.settings")
application = get_wsgi_application()
