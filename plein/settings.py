"""Plein settings: every value comes from the environment.

Each variable read here is documented in docs/configuration.md. Two modes:

* ``PLEIN_ENV=development`` (default): the embedded setup for ``make run`` —
  SQLite in WAL mode under ./var/, media on local disk, a file cache and
  mail written to ./var/mail/.
* ``PLEIN_ENV=production``: the settings listed in ``PRODUCTION_REQUIRED``
  must be set, or start-up stops with a message naming the missing one.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP  # type: ignore[attr-defined]
from django.utils.translation import gettext_lazy as _

from plein.core.env import env_bool, env_int, env_list, env_str, require

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PLEIN_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PLEIN_ENV = env_str("PLEIN_ENV", "development")
PRODUCTION = PLEIN_ENV == "production"
PRODUCTION_REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST")


def _secret_key() -> str:
    if PRODUCTION:
        return require("SECRET_KEY")
    key = env_str("SECRET_KEY")
    if key:
        return key
    # Development keeps a generated key in var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if PRODUCTION:
    for _name in PRODUCTION_REQUIRED:
        require(_name)

SECRET_KEY = _secret_key()
DEBUG = env_bool("PLEIN_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PLEIN_BASE_URL = env_str("PLEIN_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "plein.core",
    "plein.accounts",
    "plein.org",
    "plein.people",
    "plein.spaces",
    "plein.stream",
    "plein.feed",
    "plein.notifications",
    "plein.mailer",
    "plein.home",
    "plein.news",
    "plein.search",
    "plein.help",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks_db",
    # Wagtail: the editors' environment for news and work-process pages (plein.news).
    "wagtail.documents",
    "wagtail.images",
    "wagtail.snippets",
    "wagtail.users",
    "wagtail.sites",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
]

MIDDLEWARE = [
    "plein.core.timing.ServerTimingMiddleware",  # only when PLEIN_SERVER_TIMING is on
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "plein.core.middleware.ServiceUnavailableMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plein.accounts.middleware.LanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "plein.accounts.middleware.RequireMFAForRolesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "plein.news.middleware.EditorialAdminPolicyMiddleware",
]

ROOT_URLCONF = "plein.urls"
WSGI_APPLICATION = "plein.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plein.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'plein.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("PLEIN_TEST_SQLITE", str(VAR_DIR / "test.sqlite3"))}
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("PLEIN_CACHE_PREFIX", "plein"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # A file cache is shared by the web processes and the worker, which the
    # log-in rate limits rely on; no extra service is needed.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_COOKIE_AGE = env_int("PLEIN_SESSION_AGE", 60 * 60 * 24 * 14)
SESSION_COOKIE_NAME = "plein_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_NAME = "plein_csrftoken"

# --- Accounts ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "plein.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None  # the log-in form asks "remember me"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# "Send me a log-in code": external guests may choose no password and log in
# with a one-time code mailed to them. Mail goes through the worker's queue,
# so the code stays valid a little longer than allauth's three minutes.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 10 * 60
PLEIN_LOGIN_ATTEMPTS = env_int("PLEIN_LOGIN_ATTEMPTS", 5)
PLEIN_LOGIN_LOCKOUT_SECONDS = env_int("PLEIN_LOGIN_LOCKOUT_SECONDS", 300)
# After PLEIN_LOGIN_ATTEMPTS failures for one account (or 20 a minute from one
# address) log-in is refused with a clear message until the window passes.
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{PLEIN_LOGIN_ATTEMPTS}/{PLEIN_LOGIN_LOCKOUT_SECONDS}s/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("PLEIN_SITE_NAME", "Plein")
# Tracking activity would write to the database on every page view; sessions are
# recorded at log-in instead, which is enough for "log out elsewhere".
USERSESSIONS_TRACK_ACTIVITY = False

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = env_str("PLEIN_LANGUAGE", "nl")
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "plein" / "locale"]
LANGUAGE_COOKIE_NAME = "plein_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = env_str("PLEIN_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

# --- Static files and media --------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("PLEIN_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
    ("vendor/utrecht-tokens", NODE_MODULES / "@utrecht" / "design-tokens" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("PLEIN_MEDIA_ROOT", str(VAR_DIR / "media")))
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("PLEIN_MANIFEST_STATIC", PRODUCTION)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
PLEIN_MAX_IMAGE_BYTES = env_int("PLEIN_MAX_IMAGE_BYTES", 5 * 1024 * 1024)

# --- E-mail -----------------------------------------------------------------
# Pages hand mail to the "default" mailer, which only queues it; the worker
# delivers it with the "delivery" mailer (SMTP in production, files under
# var/mail/ otherwise) and retries with back-off, so a slow or absent mail
# server never breaks a page. The EMAIL_* variables configure "delivery".
_email_host = env_str("EMAIL_HOST")
if _email_host:
    _delivery_mailer = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": _email_host,
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER"),
            "password": env_str("EMAIL_HOST_PASSWORD"),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        },
    }
else:
    _delivery_mailer = {
        "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
    }
MAILERS = {
    "default": {"BACKEND": "plein.core.mail.QueuedEmailBackend"},
    "delivery": _delivery_mailer,
}
# The outbox (plein.mailer): the worker sends at most PLEIN_MAIL_BATCH_SIZE messages
# over one connection per round; a temporary failure waits PLEIN_MAIL_RETRY_SECONDS,
# doubling per attempt to at most an hour (16 attempts span about ten hours).
PLEIN_MAIL_BATCH_SIZE = env_int("PLEIN_MAIL_BATCH_SIZE", 100)
PLEIN_MAIL_MAX_ATTEMPTS = env_int("PLEIN_MAIL_MAX_ATTEMPTS", 16)
PLEIN_MAIL_RETRY_SECONDS = float(env_str("PLEIN_MAIL_RETRY_SECONDS", "60"))
PLEIN_MAIL_CLAIM_SECONDS = env_int("PLEIN_MAIL_CLAIM_SECONDS", 600)
PLEIN_MAIL_KEEP_DAYS = env_int("PLEIN_MAIL_KEEP_DAYS", 30)
# Reply by e-mail: `plein mailin` listens here; a mail server forwards reply+...@PLEIN_MAILIN_DOMAIN
# to it. Without a domain, notification mails carry no reply address.
PLEIN_MAILIN_HOST = env_str("PLEIN_MAILIN_HOST", "127.0.0.1")
PLEIN_MAILIN_PORT = env_int("PLEIN_MAILIN_PORT", 2525)
PLEIN_MAILIN_DOMAIN = env_str("PLEIN_MAILIN_DOMAIN")
PLEIN_MAILIN_MAX_BYTES = env_int("PLEIN_MAILIN_MAX_BYTES", 10 * 1024 * 1024)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Plein <plein@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Home feed (docs/adr/0004-hybrid-home-feed.md) -------------------------------
PLEIN_FEED_PUSH_MAX_MEMBERS = env_int("PLEIN_FEED_PUSH_MAX_MEMBERS", 500)
# Mentioning a space tells its members only when it has at most this many (and the author is a member).
PLEIN_NOTIFY_SPACE_MENTION_MAX = env_int("PLEIN_NOTIFY_SPACE_MENTION_MAX", 100)
PLEIN_FEED_ACTIVE_DAYS = env_int("PLEIN_FEED_ACTIVE_DAYS", 14)
PLEIN_FEED_KEEP_DAYS = env_int("PLEIN_FEED_KEEP_DAYS", 90)

# --- Background work ----------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env_str("PLEIN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}
# Back-off doubles from 2 s to at most an hour: 16 attempts span about six hours.
PLEIN_EVENT_MAX_ATTEMPTS = env_int("PLEIN_EVENT_MAX_ATTEMPTS", 16)
PLEIN_TASK_STALE_SECONDS = env_int("PLEIN_TASK_STALE_SECONDS", 600)
PLEIN_WORKER_POLL_SECONDS = float(env_str("PLEIN_WORKER_POLL_SECONDS", "1.0"))
PLEIN_LIVE_POLL_SECONDS = float(env_str("PLEIN_LIVE_POLL_SECONDS", "1.0"))
PLEIN_LIVE_URL = env_str("PLEIN_LIVE_URL", "/live/")
# When the live endpoint has its own origin (as with `plein run`), pages may connect to it.
_live_origin = "/".join(PLEIN_LIVE_URL.split("/")[:3]) if "://" in PLEIN_LIVE_URL else ""
# Dotted paths to register() functions of event consumers outside the installed
# apps (plug-ins, test consumers); loaded in every process, see plein/core/events.py.
PLEIN_EXTRA_EVENT_CONSUMERS = env_list("PLEIN_EXTRA_EVENT_CONSUMERS", [])

# --- Editorial content (Wagtail) ----------------------------------------------
WAGTAIL_SITE_NAME = env_str("PLEIN_SITE_NAME", "Plein")
WAGTAILADMIN_BASE_URL = PLEIN_BASE_URL
PLEIN_EDITORIAL_PATH = "redactie/"
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to the outside world
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars fetched from outside: nobody's address leaves the site
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False  # accounts are managed by Plein (and SSO)
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents go through a view that checks the log-in
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "txt", "csv", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH = True
# How often the worker publishes and unpublishes scheduled pages, in seconds.
PLEIN_PUBLISH_SCHEDULED_SECONDS = env_int("PLEIN_PUBLISH_SCHEDULED_SECONDS", 60)

# --- Security -----------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *env_list("PLEIN_CSP_IMG_SRC", [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF, *([_live_origin] if _live_origin else []), *env_list("PLEIN_CSP_CONNECT_SRC", [])],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("PLEIN_SSL_REDIRECT", PRODUCTION)
SESSION_COOKIE_SECURE = env_bool("PLEIN_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("PLEIN_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PLEIN_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("PLEIN_HSTS_PRELOAD", False)
# HSTS preloading is a commitment for a public domain; intranet host names are
# often internal, so it stays an explicit choice (PLEIN_HSTS_PRELOAD).
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("PLEIN_BEHIND_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

# --- Plein ------------------------------------------------------------------
PLEIN_SITE_NAME = env_str("PLEIN_SITE_NAME", "Gemeente Zuiderveld")
PLEIN_PRIMARY_COLOUR = env_str("PLEIN_PRIMARY_COLOUR", "#1f5c99")
PLEIN_MAINTENANCE = env_bool("PLEIN_MAINTENANCE", False)
PLEIN_SERVER_TIMING = env_bool("PLEIN_SERVER_TIMING", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("PLEIN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
