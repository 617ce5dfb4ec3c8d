"""Tests run against a real database, migrated with Alembic: SQLite by default, PostgreSQL when
TEST_DATABASE_URL is set. Each test runs inside a transaction that is rolled back afterwards."""

from __future__ import annotations

import os

import flask_migrate
import pytest
from flask import g
from sqlalchemy import create_engine, text

os.environ.setdefault("APP_ENV", "testing")

from app import create_app  # noqa: E402  (reads APP_ENV)
from app.config import engine_options  # noqa: E402
from app.extensions import db, limiter  # noqa: E402
from tests import processes  # noqa: E402


def _reset_database(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()


@pytest.fixture(scope="session")
def eid_issuer(tmp_path_factory):
    """The development eID provider, a real OIDC provider process, shared by the whole run."""
    with processes.eid_provider(tmp_path_factory.mktemp("eid")) as issuer:
        yield issuer


@pytest.fixture(scope="session")
def gateway_url(tmp_path_factory):
    """The development payment gateway; its IPN calls go nowhere (tests deliver IPNs themselves)."""
    with processes.payment_gateway(tmp_path_factory.mktemp("gateway"), "http://127.0.0.1:9/unused") as url:
        yield url


@pytest.fixture(scope="session")
def mailbox(tmp_path_factory):
    """The development mailbox, a real SMTP server and SMS API; the test app sends its email and SMS there."""
    with processes.mailbox(tmp_path_factory.mktemp("mailbox")) as urls:
        yield urls


@pytest.fixture(scope="session")
def app(tmp_path_factory, eid_issuer, gateway_url, mailbox):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    _reset_database(url)
    application = create_app({
        "APP_ENV": "testing",
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "SERVER_NAME": "portal.test",
        "PUBLIC_BASE_URL": "http://portal.test",
        "OIDC_ISSUER": eid_issuer,
        "STORAGE_URL": f"file://{tmp_path_factory.mktemp('files')}",
        "PAYMENT_GATEWAY_URL": gateway_url,
        "SMTP_URL": mailbox.smtp_url,
        "SMS_URL": mailbox.sms_url,
    })
    with application.app_context():
        flask_migrate.upgrade()

    def fresh_g():
        # Tests hold an app context open around their requests, so Flask reuses it and its `g` for
        # every request; a browser's requests never share `g` (Flask-WTF keeps the CSRF token there).
        g.__dict__.clear()

    application.before_request_funcs.setdefault(None, []).insert(0, fresh_g)
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def database(app):
    """Bind the session to one connection whose outer transaction is rolled back after the test;
    services still commit, which here releases a SAVEPOINT."""
    with app.app_context():
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
        original_session = db.session
        db.session = db._make_scoped_session({"join_transaction_mode": "create_savepoint"})
        limiter.reset()
        try:
            yield db
        finally:
            db.session.remove()
            db.session = original_session
            engines[None] = engine
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app):
    return app.test_client()
