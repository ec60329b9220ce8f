"""WSGI entry point (production: gunicorn config.wsgi with KETACARE_ENV=prod)."""

from django.core.wsgi import get_wsgi_application

from config.bootstrap import configure_settings_module

configure_settings_module()
application = get_wsgi_application()
