"""The portal's application factory."""

from __future__ import annotations

import logging

from flask import Flask

from app.config import ROOT, Settings
from app.extensions import babel, csrf, db, htmx, limiter, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the application from the environment, with `config` overriding it (tests)."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.from_mapping(Settings.from_environment().values)
    if config:
        app.config.from_mapping(config)
    _prepare_local_storage(app)
    _init_extensions(app)
    _register_blueprints(app)

    from app import cli, errors, i18n, security, templating
    from app.assist import context as assisted
    from app.identity import sessions
    from app.jobs import worker

    i18n.init_app(app)
    sessions.init_app(app)
    assisted.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    worker.init_app(app)
    logging.basicConfig(level=logging.INFO)
    return app


def _prepare_local_storage(app: Flask) -> None:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///"):
        (ROOT / "instance").mkdir(exist_ok=True)


def _init_extensions(app: Flask) -> None:
    from app.core.database import enable_sqlite_transactions

    db.init_app(app)
    with app.app_context():
        enable_sqlite_transactions(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    babel.init_app(app, locale_selector=_select_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)


def _select_locale() -> str:
    from app.i18n import current_language

    return current_language()


def _register_blueprints(app: Flask) -> None:
    from app.catalogue.api import blueprint as catalogue_api
    from app.catalogue.views import blueprint as catalogue
    from app.assist.views import blueprint as assist
    from app.backoffice.views import blueprint as backoffice
    from app.core.views import blueprint as core
    from app.documents.views import blueprint as documents
    from app.payments.views import blueprint as payments
    from app.dossiers.views import blueprint as dossiers
    from app.feedback.views import blueprint as feedback
    from app.stats.views import blueprint as stats
    from app.identity.views import blueprint as identity

    app.register_blueprint(core)
    app.register_blueprint(identity)
    app.register_blueprint(dossiers)
    app.register_blueprint(documents)
    app.register_blueprint(payments)
    app.register_blueprint(backoffice)
    app.register_blueprint(assist)
    app.register_blueprint(feedback)
    app.register_blueprint(stats)
    app.register_blueprint(catalogue)
    app.register_blueprint(catalogue_api)
