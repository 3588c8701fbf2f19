"""Django settings for CCHC.

Everything that differs between a laptop, the embedded demo and production comes from environment
variables prefixed ``CCHC_`` (documented in docs/operations.md). Outside debug the settings refuse to
start without a real secret key, and cookies are secure unless plain HTTP is explicitly allowed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cchc.core.score766 import parse_bands

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("CCHC_DATA_DIR", PROJECT_DIR / "var")).resolve()
TESTING = "pytest" in sys.modules or env_bool("CCHC_TESTING", False)
DEBUG = env_bool("CCHC_DEBUG", False)


def _secret_key() -> str:
    """The key from the environment, else from the install's key file (made by ``cchc setup``).

    A shared default key would let anyone forge sessions, so only debug and test runs get one.
    """
    if key := os.environ.get("CCHC_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="utf-8").strip()
    if DEBUG or TESTING or env_bool("CCHC_HELP_ONLY", False):
        return "insecure-development-key-never-used-in-production"
    raise ImproperlyConfigured(
        "Thiếu khóa bí mật: đặt biến môi trường CCHC_SECRET_KEY hoặc chạy `cchc setup` để tạo "
        f"tệp {key_file}."
    )


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CCHC_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_q",
    "cchc.web",
    "cchc.accounts",
    "cchc.units",
    "cchc.plans",
    "cchc.dossiers",
    "cchc.analytics",
    "cchc.scoreboard",
    "cchc.petitions",
    "cchc.portalcounts",
    "cchc.portal766",
    "cchc.reporting",
    "cchc.corrective",
    "cchc.notices",
    "cchc.parindex",
    "cchc.inspections",
    "cchc.classification",
    "cchc.publications",
    "cchc.dashboard",
    "cchc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.web.middleware.LanguageMiddleware",
    # Before anything reads the body (CSRF reads the form): a file too large is refused unread.
    "cchc.web.middleware.UploadSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cchc.web.middleware.SecurityHeadersMiddleware",
    "cchc.web.middleware.RefuseNulMiddleware",
    "cchc.web.middleware.LoginSprayMiddleware",
    # After the headers: a redirect to the code page still carries them.
    "cchc.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "cchc.web.middleware.DomainErrorMiddleware",
    # Axes last: it must see the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cchc.urls"  # also names the 400/403/404/500 handlers (cchc.web.errors)
#: A form sent without a valid CSRF token gets the site's 403 page in the user's language.
CSRF_FAILURE_VIEW = "cchc.web.errors.csrf_failure"
WSGI_APPLICATION = "cchc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cchc.web.context_processors.navigation",
                "cchc.web.context_processors.notices",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
# SQLite is the embedded default (WAL, immediate transactions so writers queue instead of failing);
# CCHC_DATABASE_URL=postgres://... switches to PostgreSQL for production.
DATABASE_URL = os.environ.get("CCHC_DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "cchc.sqlite3",
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            # Tests use a file in WAL mode, as installs do, not Django's in-memory default: threads of an
            # in-memory shared-cache database get "table is locked" at once where a file's connections
            # wait (background jobs writing while the page polls them).
            "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"cchc-test-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The caches pages rely on (rankings, dashboard figures) are shared by every server process: files under
# the data directory, each written whole and renamed into place, so a figure is built once after a
# recompute, not once per worker (issue 10). Tests use a directory of their own process.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(tempfile.gettempdir()) / f"cchc-test-cache-{os.getpid()}") if TESTING
        else str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}

# --- Authentication -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "cchc.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Two-step sign-in (TOTP) is required of these roles [K: issue 10, administrators and PAR officers]; any
# other user may turn it on from "Tài khoản của tôi". Comma-separated; empty turns the requirement off.
CCHC_2FA_REQUIRED_ROLES = tuple(r.strip() for r in os.environ.get("CCHC_2FA_REQUIRED_ROLES", "admin,par_officer").split(",")
                                if r.strip())
OTP_TOTP_ISSUER = "CCHC"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed-login throttling (django-axes): 5 failures for one username from one address lock it for 15 min.
AXES_FAILURE_LIMIT = int(os.environ.get("CCHC_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("CCHC_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
#: Password spraying: an address that failed for this many different user names within the cool-off may
#: not sign in until it ends (cchc.accounts.throttle, cchc.web.middleware.LoginSprayMiddleware).
LOGIN_SPRAY_LIMIT = int(os.environ.get("CCHC_LOGIN_SPRAY_LIMIT", "10"))

# --- Internationalisation -------------------------------------------------------------------------
# Message ids are Vietnamese, the default language; locale/en holds the English catalogue.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["cchc.formats"]

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
MEDIA_ROOT = Path(os.environ.get("CCHC_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "media/"  # never served directly: evidence files go through a permission-checked view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
EVIDENCE_MAX_BYTES = int(os.environ.get("CCHC_EVIDENCE_MAX_MB", "20")) * 1024 * 1024
# A request body read into memory (an API batch: 10,000 portal records of ~700 bytes each is ~7 MB); past it,
# 413 in the API's error shape (cchc.platform.errors). File uploads stream to a temporary file instead.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("CCHC_MAX_BODY_MB", "16")) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # larger uploads go to a temporary file, not memory
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

# --- Imported files (cchc.platform.tables.Limits; docs/security.md, "Hostile files") ----------------
# What one file of dossiers, procedures or a plan may hold; past a limit it is refused with a message
# naming the limit, before more of it is read. 200,000 rows is three months of today's Gia Lai (about
# 755,000 dossiers a year) in one file: 26 MB of CSV in CCHC's schema (docs/benchmarks.md, "Hostile files").
IMPORT_MAX_ROWS = int(os.environ.get("CCHC_IMPORT_MAX_ROWS", "200000"))
#: The earliest day of receipt a dossier may have [K]: before it a date is a typing error (01/01/1900 fed
#: the KPIs, issue 10); the latest is tomorrow (cchc.dossiers.ingest.instants.FUTURE_LEEWAY).
IMPORT_EARLIEST_RECEIPT = date.fromisoformat(os.environ.get("CCHC_IMPORT_EARLIEST_RECEIPT", "2000-01-01"))
IMPORT_MAX_BYTES = int(os.environ.get("CCHC_IMPORT_MAX_MB", "100")) * 1024 * 1024
IMPORT_MAX_COLUMNS = int(os.environ.get("CCHC_IMPORT_MAX_COLUMNS", "200"))
IMPORT_MAX_CELL_CHARS = int(os.environ.get("CCHC_IMPORT_MAX_CELL_CHARS", "100000"))
#: The XML parts of an .xlsx file, unpacked (a zip bomb packs 1 GiB of blanks into 1 MB).
IMPORT_MAX_UNZIPPED_BYTES = int(os.environ.get("CCHC_IMPORT_MAX_UNZIPPED_MB", "400")) * 1024 * 1024
#: The analytics store's memory (DuckDB's memory_limit, e.g. "2GB"; past it DuckDB spills to disk), empty for
#: DuckDB's own default (80% of the machine's memory). Measured (docs/benchmarks.md): a rebuild of a year at
#: 10,000,000 dossiers needs at least 512MB (1.7× slower than unbounded); 128MB takes about 50 MiB off the
#: peak of an import of 200,000 dossiers and its refresh, but fails that rebuild.
ANALYTICS_MEMORY_LIMIT = os.environ.get("CCHC_ANALYTICS_MEMORY_LIMIT", "")
#: The integrity check "processed but not returned" (cchc.core.integrity.unreturned): calendar days a processed
#: dossier may wait for its return at the end of a period before it is flagged [I: 10]. After a change, rebuild
#: the figures (cchc kpi rebuild): stored sums counted the old value.
CCHC_INTEGRITY_UNRETURNED_DAYS = int(os.environ.get("CCHC_INTEGRITY_UNRETURNED_DAYS", "10"))
#: The integrity check "ratings in bursts" (cchc.core.integrity.rating_bursts): at least this many identical
#: ratings of one unit within this many minutes [I: 10 in 5]. After a change, rebuild the figures.
CCHC_INTEGRITY_BURST_COUNT = int(os.environ.get("CCHC_INTEGRITY_BURST_COUNT", "10"))
CCHC_INTEGRITY_BURST_MINUTES = int(os.environ.get("CCHC_INTEGRITY_BURST_MINUTES", "5"))
#: A form with files, whole (cchc.web.middleware.UploadSizeMiddleware): the largest file a reader takes and
#: a megabyte for the form's other fields and the multipart envelope.
UPLOAD_MAX_BYTES = IMPORT_MAX_BYTES + 1024 * 1024
#: Objects and lists one API request body may hold (cchc.api.BoundedParser): a batch of 10,000 dossiers
#: with their supplements needs a few per dossier.
API_MAX_JSON_NODES = int(os.environ.get("CCHC_API_MAX_JSON_NODES", "200000"))
#: API calls per caller and minute (cchc.api.CallerThrottle); off in tests unless a test sets it.
API_RATE_LIMIT = os.environ.get("CCHC_API_RATE_LIMIT", "" if TESTING else "1200/min") or None
#: An import refused for many problems lists the first ones and counts the rest ("và 12.345 lỗi khác").
IMPORT_MAX_ISSUES = int(os.environ.get("CCHC_IMPORT_MAX_ISSUES", "200"))

# --- Security -------------------------------------------------------------------------------------
# CCHC_HTTPS=0 is for a server reached over plain HTTP on loopback only (the demo of `make run`).
HTTPS = env_bool("CCHC_HTTPS", not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("CCHC_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
X_FRAME_OPTIONS = "DENY"
if env_bool("CCHC_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Audit trail ----------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- E-mail (reporting reminders and notices) -----------------------------------------------------
# The console by default (messages go to the server's log); SMTP when CCHC_EMAIL_HOST is set.
if os.environ.get("CCHC_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["CCHC_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("CCHC_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("CCHC_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("CCHC_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("CCHC_EMAIL_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = os.environ.get("CCHC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_EMAIL_FROM", "CCHC <cchc@localhost>")
#: The address links in e-mails point to (the server as users reach it).
SITE_URL = os.environ.get("CCHC_SITE_URL", "http://127.0.0.1:8000")

# --- Dossiers -------------------------------------------------------------------------------------
#: "Sắp hết hạn": unfinished dossiers due within this many hours (S3 uses 24 h) [K].
NEAR_DUE_HOURS = int(os.environ.get("CCHC_NEAR_DUE_HOURS", "24"))
# Target evaluation (cchc.core.evaluation): the margin in the target's unit within which a projection on the
# wrong side of its threshold is "at risk" rather than "missed" [I], and the days after a period's end
# during which its figures stay provisional ("tạm tính") for late-arriving dossiers [I].
TARGET_MARGIN = os.environ.get("CCHC_TARGET_MARGIN", "5")
SETTLING_DAYS = int(os.environ.get("CCHC_SETTLING_DAYS", "15"))
#: The PAR index self-assessment reminder (cchc.parindex.reminders): focal points whose unit's assessment is
#: still a draft hear of it from this many days before the self-assessment deadline, and after it [I: 5].
CCHC_PARINDEX_REMINDER_DAYS = int(os.environ.get("CCHC_PARINDEX_REMINDER_DAYS", "5"))

# --- The 766 board and table exports ----------------------------------------------------------------
#: Rating bands of the 766 ranking, "label:minimum points" pairs separated by ";" ("Tốt:80; Khá:65"): QĐ
#: 766 publishes none, so the table is the province's choice and empty by default (DOMAIN §11 Q3) [K];
#: when set, the ranking, the scorecards and the API show each unit's band.
try:
    SCORE766_BANDS = parse_bands(os.environ.get("CCHC_766_BANDS", ""))
except ValueError as error:
    raise ImproperlyConfigured(f"CCHC_766_BANDS: {error}") from None
#: The province's own figure of the counts other systems hold (766 indicators 1.4, 4.1, 4.2, 5.3, 5.5–5.7,
#: cchc.portalcounts): when no count is stored for the province itself, the sums of its units' counts of the
#: period (cchc.core.portal_counts.rolled_up) [I: the portal publishes no counts for a province, so the rule
#: is CCHC's, docs/portal766.md "The province's own total"]; off ("0"), the province has "no data" for them.
PORTALCOUNTS_PROVINCE_ROLLUP = env_bool("CCHC_766_PROVINCE_ROLLUP", True)
#: The most rows one "Tải Excel" download may hold (the dossier list: narrow the filters beyond it) [I].
EXPORT_MAX_ROWS = int(os.environ.get("CCHC_EXPORT_MAX_ROWS", "100000"))

# --- Background jobs and the schedule (cchc.platform.jobs, cchc.platform.schedule) ----------------
# django-q2 with its ORM broker: a queued job is a row of the "default" database (SQLite or PostgreSQL
# alike), written in the transaction that asked for the work, so it survives a restart and runs once the
# worker (`cchc worker`, started by `cchc serve`) is up. Chosen for the 2-core machine that serves a province:
# - workers 2: one long job (an import, a report's PDF, a year's KPI rebuild) does not hold up the short
#   ones behind it (reminders, digests); more would only fight the web server for the two cores, and KPI
#   refreshes take one after another anyway (the analytics store's file lock);
# - timeout 1800 s: far above the longest job measured (docs/benchmarks.md: an import of 200,000 rows and
#   its refresh take under a minute; a full rebuild of 10M dossiers about one);
# - retry 1860 s > timeout: a job is handed out again only when it cannot still be running, i.e. after its
#   worker died or it failed; max_attempts 3 then gives up, and ack_failures False keeps a failed job
#   queued for those retries (a job that recorded its own failure, like an import refused for bad rows,
#   ended normally and is not retried);
# - save_limit 250 recent successes are kept for the administrator's page; failures are all kept;
# - catch_up False: after a stop, a scheduled job runs once, not once per missed time;
# - poll 1 s: an idle worker asks the database for work once a second (the ORM broker's default of 0.2 s
#   is five queries a second for nothing); recycle 200 bounds a worker process's memory (DuckDB, pandas).
#: The worker's scheduling niceness (0 = as the web server, 19 = lowest): its jobs yield the CPU to the pages
#: (cchc.platform.jobs.lower_priority; measured in docs/benchmarks.md, "Fifty officers at once").
JOB_NICENESS = int(os.environ.get("CCHC_JOB_NICENESS", "10"))

Q_CLUSTER = {
    "name": "cchc",
    "orm": "default",
    "workers": int(os.environ.get("CCHC_JOB_WORKERS", "2")),
    "timeout": 1800,
    "retry": 1860,
    "max_attempts": 3,
    "ack_failures": False,
    "save_limit": 250,
    "catch_up": False,
    "poll": 1,
    "recycle": 200,
    "queue_limit": 4,
    "bulk": 1,
    "label": "CCHC",
}
#: What runs by itself, synced into django-q2's schedule by `cchc setup` and when the worker starts
#: (cchc.platform.schedule): name → {"func": dotted path of a module-level function taking no arguments,
#: "cron": five fields in the server's time zone (TIME_ZONE), "doc": what it does}.
CCHC_SCHEDULE = {
    "kpi-nightly": {
        "func": "cchc.analytics.background.nightly_refresh",
        "cron": "30 1 * * *",
        "doc": _("Tính lại chỉ số năm nay (và năm trước trong thời gian số liệu còn tạm tính) lúc 1:30 mỗi đêm: "
                 "hồ sơ đang giải quyết trở thành trễ hạn theo ngày, không chỉ khi có hồ sơ mới."),
    },
    "notices.morning_digest": {
        "func": "cchc.notices.producers.morning_digest", "cron": "30 6 * * *",
        "doc": _("Bản tin buổi sáng cho đầu mối: hồ sơ sắp đến hạn và quá hạn của đơn vị")},
    "notices.report_reminders": {
        "func": "cchc.notices.producers.report_reminders", "cron": "0 7 * * *",
        "doc": _("Nhắc hạn gửi báo cáo định kỳ; báo Sở Nội vụ các đơn vị chưa gửi báo cáo quá hạn")},
    "notices.overdue_tasks": {
        "func": "cchc.notices.producers.overdue_tasks", "cron": "0 7 * * 1",
        "doc": _("Nhắc đầu mối các nhiệm vụ quá hạn của đơn vị (sáng thứ Hai)")},
    "notices.waiting_actions": {
        "func": "cchc.notices.producers.waiting_actions", "cron": "0 7 * * *",
        "doc": _("Báo biện pháp khắc phục chờ đơn vị giải trình hoặc chờ Sở Nội vụ xác nhận")},
    "inspections.remediation_deadlines": {
        "func": "cchc.inspections.reminders.remediation_deadlines", "cron": "15 7 * * *",
        "doc": _("Nhắc đơn vị các việc khắc phục sau kiểm tra sắp đến hạn, quá hạn; báo đoàn kiểm tra các việc chờ xác nhận")},
    "parindex.computed_figures": {
        "func": "cchc.parindex.services.refresh_computed_drafts", "cron": "30 3 * * *",
        "doc": _("Đọc lại số liệu các tiêu chí Chỉ số CCHC tính từ số liệu CCHC của bản tự đánh giá đang soạn")},
    "parindex.self_assessment_deadline": {
        "func": "cchc.parindex.reminders.self_assessment_deadline", "cron": "20 7 * * *",
        "doc": _("Nhắc đầu mối hạn tự đánh giá Chỉ số CCHC; báo Sở Nội vụ các đơn vị chưa gửi bản tự đánh giá")},
    "notices.daily_digests": {
        "func": "cchc.notices.producers.daily_digests", "cron": "30 7 * * *",
        "doc": _("Gửi thư tổng hợp thông báo hằng ngày")},
    "notices.weekly_digests": {
        "func": "cchc.notices.producers.weekly_digests", "cron": "30 7 * * 1",
        "doc": _("Gửi thư tổng hợp thông báo hằng tuần (sáng thứ Hai)")},
}
