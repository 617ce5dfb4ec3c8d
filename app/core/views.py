"""Pages that belong to no domain: the home page, the language switch, the health check."""

from flask import Blueprint, current_app, redirect, render_template, request
from sqlalchemy import text

from app.catalogue import services as catalogue_services
from app.extensions import db
from app.i18n import LANGUAGE_COOKIE, safe_next_path
from app.templating import ONE_YEAR

blueprint = Blueprint("core", __name__)


@blueprint.get("/")
def home():
    return render_template("core/home.html", fields=catalogue_services.fields_with_counts())


@blueprint.get("/language/<language>")
def switch_language(language: str):
    response = redirect(safe_next_path(request.args.get("next")), code=303)
    if language in current_app.config["LANGUAGES"]:
        response.set_cookie(LANGUAGE_COOKIE, language, max_age=ONE_YEAR, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@blueprint.get("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        current_app.logger.exception("health check: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}
