"""WSGI entry point for the page-serving processes (`plein web`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plein.settings")

application = get_wsgi_application()
