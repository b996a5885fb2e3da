import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from guanai.config.proxies import trusted_proxy_middleware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanai.config.settings")
application = trusted_proxy_middleware(get_wsgi_application(), trusted=settings.TRUSTED_PROXIES)
