"""The back office's front door: staff only, citizens refused (403). The queue of dossiers comes with
the processing issue."""

from flask import Blueprint, render_template

from app.identity.sessions import current_person, staff_required

blueprint = Blueprint("backoffice", __name__, url_prefix="/backoffice")


@blueprint.get("/")
@staff_required()
def home():
    return render_template("backoffice/home.html", person=current_person())
