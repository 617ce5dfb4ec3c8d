"""Signing in. The national eID (OIDC) connection is its own issue; until it lands, /login tells
citizens plainly that online sign-in is not open yet and where they can apply meanwhile."""

from flask import Blueprint, render_template

blueprint = Blueprint("identity", __name__)


@blueprint.get("/login")
def login():
    return render_template("identity/login.html")
