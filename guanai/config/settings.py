"""Django settings for Guanai. Every setting that differs between sites comes from the environment."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from guanai.config.env import env_bool, env_int, env_list, env_path, env_str
from guanai.config.safety import (
    DEMO_ID_KEY,
    DEMO_SECRET_KEY,
    TWO_FACTOR_DEFAULT_ROLES,
    faces_users,
    startup_refusals,
)

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = env_path("GUANAI_DATA_DIR", PROJECT_DIR / "var")
# The SQLite database and the job queue live here; huey opens its file as soon as Django starts.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
# The demo key is only good for a machine nobody else reaches; production sets SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", DEMO_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Key for SM4-GCM encryption of ID numbers and for their SM3-HMAC lookup digest (hex, 32 chars = 16
# bytes). The demo default exists so `make demo` runs; a bureau sets its own and keeps it offline.
GUANAI_ID_KEY = env_str("GUANAI_ID_KEY", DEMO_ID_KEY)
# Keys being rotated away (comma-separated, newest first): still read until `guanai idkey rotate` has
# re-keyed every row, then removed (docs/operations.md, "Rotating the ID key").
GUANAI_ID_KEY_OLD = env_list("GUANAI_ID_KEY_OLD", "")

# Two-factor sign-in (accounts/twofactor.py, docs/operations.md): the roles that must use it (role
# codes, comma-separated; by default the privileged roles on a server facing users, nobody in the
# demo on loopback). Anyone else may turn it on. Wrong codes in a row lock the second step for a while.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES",
                                     TWO_FACTOR_DEFAULT_ROLES if faces_users(ALLOWED_HOSTS) else "")
TWO_FACTOR_FAILURE_LIMIT = env_int("TWO_FACTOR_FAILURE_LIMIT", 5)
TWO_FACTOR_COOLOFF_MINUTES = env_int("TWO_FACTOR_COOLOFF_MINUTES", 30)
TWO_FACTOR_ISSUER = env_str("TWO_FACTOR_ISSUER", "关爱")

# A server that faces users refuses the demo keys, an open DEBUG and privileged users without a
# second factor (config/safety.py).
if _refusals := startup_refusals(debug=DEBUG, allowed_hosts=ALLOWED_HOSTS, secret_key=SECRET_KEY,
                                 id_key=GUANAI_ID_KEY, two_factor_roles=TWO_FACTOR_REQUIRED_ROLES):
    raise ImproperlyConfigured("\n".join(_refusals))

# Reporting up and flowing back (docs/upstream.md): the area code of the installation this server is
# (a county, prefecture or province node), its key pair file (never in the repository), and how a
# push to another installation is tried: HTTPS only unless explicitly allowed (a test's live server).
GUANAI_NODE_CODE = env_str("GUANAI_NODE_CODE", "610330")
GUANAI_NODE_KEY_FILE = env_path("GUANAI_NODE_KEY_FILE", DATA_DIR / "node-key.json")
GUANAI_PUSH_ATTEMPTS = env_int("GUANAI_PUSH_ATTEMPTS", 4)
GUANAI_PUSH_BACKOFF_SECONDS = env_int("GUANAI_PUSH_BACKOFF_SECONDS", 5)
GUANAI_PUSH_ALLOW_HTTP = env_bool("GUANAI_PUSH_ALLOW_HTTP", False)
GUANAI_PUSH_CA_FILE = env_str("GUANAI_PUSH_CA_FILE", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "huey.contrib.djhuey",
    "ninja",
    # Lower layer first (docs/architecture.md, Layers; guanai/tests/test_layers.py checks the order).
    "guanai.areas",
    "guanai.audit",
    "guanai.bankfiles",
    "guanai.accounts",
    "guanai.accounts.axes_app.LoginProtectionConfig",  # django-axes, named in Chinese
    "guanai.backups",
    "guanai.people",
    "guanai.workforce",
    "guanai.exchange",
    "guanai.visits",
    "guanai.facilities",
    "guanai.cases",
    "guanai.benefits",
    "guanai.funds",
    "guanai.fieldwork",
    "guanai.reports",
    "guanai.upstream",
    "guanai.comparisons",
    "guanai.web",
    "guanai.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "guanai.web.middleware.NoStoreMiddleware",
    "guanai.web.middleware.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guanai.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "guanai.accounts.middleware.TwoFactorMiddleware",  # after sign-in, the second step first
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guanai.config.urls"
WSGI_APPLICATION = "guanai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "guanai.web.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'guanai.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the job worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "guanai.accounts.passwords.CharacterClassValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Sessions end after inactivity; every request pushes the end forward.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# Every name under the bureau's domain is served over HTTPS or not at all (docs/operations.md).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Addresses (or networks) of the TLS proxies in front; only their X-Forwarded-* headers count
# (config/proxies.py). Behind nginx on the same machine: TRUSTED_PROXIES=127.0.0.1.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# For other WSGI servers that pass X-Forwarded-Proto through; harmless under guanai serve, where
# proxies.py has already removed the header unless a trusted proxy sent it.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env_path("STATIC_ROOT", DATA_DIR / "static")
# Front-end libraries come from npm at set-up time (package.json); never from a CDN.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / path)
    for name, path in {"htmx": "htmx.org/dist", "echarts": "echarts/dist", "idb": "idb/build"}.items()
    if (NODE_MODULES / path).exists()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env_path("MEDIA_ROOT", DATA_DIR / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# The analytics store (guanai/reports): queue an incremental refresh after each write that records an
# audit event (off for bulk loads that refresh the store themselves).
REPORTS_REFRESH_ON_WRITE = env_bool("REPORTS_REFRESH_ON_WRITE", True)

# The cache holds the partner tokens' rate windows (accounts/partners.py), which every server process
# must share: a table in the database by default (made by the accounts migration 0005), Redis with
# CACHE_REDIS_URL. A per-process cache would let each process admit a token's whole rate.
_cache_redis = env_str("CACHE_REDIS_URL", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_redis}
          if _cache_redis else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "guanai_cache"}}

# Background jobs: huey on SQLite by default; Redis in production (HUEY_REDIS_URL).
_huey_redis = env_str("HUEY_REDIS_URL", "")
HUEY = {
    "name": "guanai",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "utc": True,
    "consumer": {"workers": env_int("HUEY_WORKERS", 2), "worker_type": "thread"},
}
if _huey_redis:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _huey_redis})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "jobs.sqlite3")})

# Audit rows older than this are deleted by `guanai audit prune` (at least 183 days: six months).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)

# Backups (guanai backup / restore; docs/operations.md). Huey's clock is UTC: 19:00 UTC = 03:00 in China.
BACKUP_DIR = env_path("BACKUP_DIR", DATA_DIR / "backups")
BACKUP_KEEP_DAYS = env_int("BACKUP_KEEP_DAYS", 30)
BACKUP_SCHEDULE_ENABLED = env_bool("BACKUP_SCHEDULE_ENABLED", True)
BACKUP_SCHEDULE_HOUR_UTC = env_int("BACKUP_SCHEDULE_HOUR_UTC", 19)
BACKUP_SCHEDULE_MINUTE = env_int("BACKUP_SCHEDULE_MINUTE", 0)
# Every `guanai serve` and `guanai worker` holds a shared lock on this file; a restore refuses
# while anyone holds it (guanai/backups/serverlock.py).
SERVER_LOCK_FILE = env_path("SERVER_LOCK_FILE", DATA_DIR / "server.lock")

# The browsers' HSTS preload list is for public domains; an intranet name can never be on it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

GUANAI_SITE_NAME = _("关爱")

# Offline visits on a phone (guanai/fieldwork): the offline store is wiped after this many wrong PINs,
# and expires after this many days without a sync; a worker takes at most this many people offline.
FIELD_PIN_TRIES = env_int("FIELD_PIN_TRIES", 5)
FIELD_EXPIRY_DAYS = env_int("FIELD_EXPIRY_DAYS", 7)
FIELD_MAX_PEOPLE = env_int("FIELD_MAX_PEOPLE", 300)
# Photos are shrunk on the phone (longest side 1280 px, JPEG); anything bigger is refused.
FIELD_PHOTO_MAX_BYTES = env_int("FIELD_PHOTO_MAX_KB", 400) * 1024
FIELD_PHOTOS_PER_VISIT = env_int("FIELD_PHOTOS_PER_VISIT", 3)
