"""Settings from the environment, each with an embedded default.

The defaults make a local checkout run with nothing configured (SQLite file, local storage, in-memory
rate limits). `APP_ENV` decides how strict the portal is: `production` (the default) refuses to start
with the built-in secret key and sends HSTS and Secure cookies; `development` is what `make run` uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSECURE_SECRET_KEY = "dev-only-secret-key-change-me"

DEFAULTS: dict[str, str] = {
    "APP_ENV": "production",
    "DATABASE_URL": f"sqlite:///{ROOT / 'instance' / 'portal.db'}",
    "SECRET_KEY": INSECURE_SECRET_KEY,
    "REDIS_URL": "",
    "STORAGE_URL": f"file://{ROOT / 'instance' / 'files'}",
    "OIDC_ISSUER": "http://127.0.0.1:9400",
    "OIDC_CLIENT_ID": "tthc-portal",
    "OIDC_CLIENT_SECRET": "dev-client-secret",
    "PAYMENT_GATEWAY_URL": "http://127.0.0.1:9500",
    "PAYMENT_MERCHANT_CODE": "TTHCDEV1",
    "PAYMENT_HASH_SECRET": "dev-payment-hash-secret",
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    "SEARCH_RATE_LIMIT": "120 per minute",
    # The national provider's claim names may differ from these; the mapping reads them from here.
    "OIDC_CLAIM_PERSONAL_ID": "personal_id_number",
    "OIDC_CLAIM_ASSURANCE": "acr",
    "OIDC_CLAIM_ADDRESS": "address",
    "OIDC_SCOPES": "openid profile email phone address",
    "SESSION_IDLE_MINUTES": "30",
    "SESSION_WARNING_MINUTES": "2",
    "SESSION_ABSOLUTE_HOURS": "12",
    "SIGN_IN_RATE_LIMIT": "20 per minute",
    "UPLOAD_MAX_FILE_MB": "10",
    "UPLOAD_MAX_DOSSIER_MB": "50",
    "UPLOAD_RATE_LIMIT": "30 per minute",
    "LOOKUP_RATE_LIMIT": "10 per minute",
    # A draft untouched this long is deleted, after a notice this many days before.
    "DRAFT_KEEP_DAYS": "30",
    "DRAFT_NOTICE_DAYS": "7",
    # A late dossier's apology letter sets the new appointment this many working days later.
    "APOLOGY_EXTRA_DAYS": "3",
    # An open dossier page asks for changes this often (only while its tab is visible).
    "LIVE_REFRESH_SECONDS": "20",
    # The longest window a citizen can give a post-office assistant to act for them.
    "ASSIST_SESSION_MINUTES": "60",
    # Consent requests and code entries from one counter PC.
    "ASSIST_RATE_LIMIT": "30 per hour",
    # A rating can be changed for this many days after it was first given.
    "RATING_CHANGE_DAYS": "7",
    "FEEDBACK_RATE_LIMIT": "10 per minute",
    # Working days the agency has to answer feedback or a petition (PAKN).
    "PAKN_ANSWER_DAYS": "10",
    # Email and SMS: in production an empty URL turns the channel off (see DEVELOPMENT_DEFAULTS).
    "SMTP_URL": "",
    "MAIL_FROM": "Cổng Dịch vụ công <no-reply@localhost>",
    "SMS_URL": "",
    "SMS_API_KEY": "",
}

# Outside production, email and SMS go to the development mailbox (app/devtools/mailbox.py). Production
# has no such fallback, so a forgotten setting never sends citizens' notices to a local stand-in.
DEVELOPMENT_DEFAULTS: dict[str, str] = {
    "SMTP_URL": "smtp://127.0.0.1:9025",
    "SMS_URL": "http://127.0.0.1:9600/sms",
    "SMS_API_KEY": "dev-sms-api-key",
}


class ConfigError(RuntimeError):
    """The environment asks for something the portal refuses to run with."""


def env(name: str) -> str:
    """The environment's value, or the built-in default when the variable is missing or empty."""
    return os.environ.get(name) or DEFAULTS[name]


def channel_env(name: str, app_env: str) -> str:
    """A mail or SMS setting: outside production, the development mailbox when it is not set."""
    if app_env == "production":
        return env(name)
    return os.environ.get(name) or DEVELOPMENT_DEFAULTS[name]


def engine_options(database_url: str) -> dict:
    if database_url.startswith("sqlite"):
        # Web and job processes share the file: wait for a lock instead of failing at once.
        return {"connect_args": {"timeout": 15}}
    return {"pool_pre_ping": True}


def positive_number(name: str) -> float:
    value = env(name)
    try:
        number = float(value)
    except ValueError:
        number = 0
    if not number > 0:
        raise ConfigError(f"{name} must be a number above 0, not {value!r}")
    return number


def limiter_storage(redis_url: str) -> str:
    return redis_url or "memory://"


@dataclass(frozen=True)
class Settings:
    """The settings a `create_app()` call starts from, read once from the environment."""

    values: dict

    @classmethod
    def from_environment(cls) -> "Settings":
        app_env = env("APP_ENV")
        if app_env not in {"production", "development", "testing"}:
            raise ConfigError(f"APP_ENV must be production, development or testing, not {app_env!r}")
        database_url = env("DATABASE_URL")
        secret_key = env("SECRET_KEY")
        if app_env == "production" and secret_key == INSECURE_SECRET_KEY:
            raise ConfigError("SECRET_KEY must be set in production (APP_ENV=production)")
        if app_env == "production" and env("OIDC_CLIENT_SECRET") == DEFAULTS["OIDC_CLIENT_SECRET"]:
            raise ConfigError("OIDC_CLIENT_SECRET must be set in production (APP_ENV=production)")
        smtp_url, sms_url, sms_api_key = (channel_env(name, app_env)
                                          for name in ("SMTP_URL", "SMS_URL", "SMS_API_KEY"))
        if app_env == "production" and smtp_url and env("MAIL_FROM") == DEFAULTS["MAIL_FROM"]:
            raise ConfigError("MAIL_FROM must be set in production when SMTP_URL is")
        if sms_url and not sms_api_key:
            raise ConfigError("SMS_API_KEY must be set when SMS_URL is")
        secure = app_env == "production"
        idle, warning = positive_number("SESSION_IDLE_MINUTES"), positive_number("SESSION_WARNING_MINUTES")
        if positive_number("DRAFT_NOTICE_DAYS") >= positive_number("DRAFT_KEEP_DAYS"):
            raise ConfigError("DRAFT_NOTICE_DAYS must be shorter than DRAFT_KEEP_DAYS")
        if warning >= idle:
            raise ConfigError("SESSION_WARNING_MINUTES must be shorter than SESSION_IDLE_MINUTES")
        values = {
            "APP_ENV": app_env,
            "SECRET_KEY": secret_key,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
            "REDIS_URL": env("REDIS_URL"),
            "STORAGE_URL": env("STORAGE_URL"),
            "OIDC_ISSUER": env("OIDC_ISSUER"),
            "OIDC_CLIENT_ID": env("OIDC_CLIENT_ID"),
            "OIDC_CLIENT_SECRET": env("OIDC_CLIENT_SECRET"),
            "OIDC_CLAIM_PERSONAL_ID": env("OIDC_CLAIM_PERSONAL_ID"),
            "OIDC_CLAIM_ASSURANCE": env("OIDC_CLAIM_ASSURANCE"),
            "OIDC_CLAIM_ADDRESS": env("OIDC_CLAIM_ADDRESS"),
            "OIDC_SCOPES": env("OIDC_SCOPES"),
            "SESSION_IDLE_TIMEOUT": timedelta(minutes=idle),
            "SESSION_WARNING_BEFORE": timedelta(minutes=warning),
            "SESSION_ABSOLUTE_TIMEOUT": timedelta(hours=positive_number("SESSION_ABSOLUTE_HOURS")),
            "SIGN_IN_RATE_LIMIT": env("SIGN_IN_RATE_LIMIT"),
            "UPLOAD_MAX_FILE_BYTES": int(positive_number("UPLOAD_MAX_FILE_MB") * 1024 * 1024),
            "UPLOAD_MAX_DOSSIER_BYTES": int(positive_number("UPLOAD_MAX_DOSSIER_MB") * 1024 * 1024),
            # The whole request may carry one file plus the form around it.
            "MAX_CONTENT_LENGTH": int(positive_number("UPLOAD_MAX_FILE_MB") * 1024 * 1024) + 256 * 1024,
            "UPLOAD_RATE_LIMIT": env("UPLOAD_RATE_LIMIT"),
            "LOOKUP_RATE_LIMIT": env("LOOKUP_RATE_LIMIT"),
            "DRAFT_KEEP": timedelta(days=positive_number("DRAFT_KEEP_DAYS")),
            "DRAFT_NOTICE": timedelta(days=positive_number("DRAFT_NOTICE_DAYS")),
            "APOLOGY_EXTRA_DAYS": int(positive_number("APOLOGY_EXTRA_DAYS")),
            "LIVE_REFRESH_SECONDS": positive_number("LIVE_REFRESH_SECONDS"),
            "ASSIST_SESSION_MINUTES": int(positive_number("ASSIST_SESSION_MINUTES")),
            "ASSIST_RATE_LIMIT": env("ASSIST_RATE_LIMIT"),
            "RATING_CHANGE_DAYS": positive_number("RATING_CHANGE_DAYS"),
            "FEEDBACK_RATE_LIMIT": env("FEEDBACK_RATE_LIMIT"),
            "PAKN_ANSWER_DAYS": int(positive_number("PAKN_ANSWER_DAYS")),
            "PAYMENT_GATEWAY_URL": env("PAYMENT_GATEWAY_URL"),
            "PAYMENT_MERCHANT_CODE": env("PAYMENT_MERCHANT_CODE"),
            "PAYMENT_HASH_SECRET": env("PAYMENT_HASH_SECRET"),
            "PUBLIC_BASE_URL": env("PUBLIC_BASE_URL"),
            "SMTP_URL": smtp_url,
            "MAIL_FROM": env("MAIL_FROM"),
            "SMS_URL": sms_url,
            "SMS_API_KEY": sms_api_key,
            "RATELIMIT_STORAGE_URI": limiter_storage(env("REDIS_URL")),
            "RATELIMIT_HEADERS_ENABLED": True,
            "SEARCH_RATE_LIMIT": env("SEARCH_RATE_LIMIT"),
            "SESSION_COOKIE_SECURE": secure,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "HSTS": secure,
            "WTF_CSRF_HEADERS": ["X-CSRFToken"],
            "WTF_CSRF_TIME_LIMIT": None,
            "BABEL_DEFAULT_LOCALE": "vi",
            "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
            "LANGUAGES": ("vi", "en"),
            "TESTING": app_env == "testing",
        }
        return cls(values=values)
