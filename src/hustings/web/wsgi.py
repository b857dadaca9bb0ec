"""The WSGI application, for any WSGI server (`hustings.web.wsgi:application`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hustings.web.settings")
application = get_wsgi_application()
