"""Starting a dossier. Filling in and submitting it online is the submission issue's; what is here is
the gate in front of it: signed in, a fully-online procedure, and the eID level the procedure needs."""

from flask import Blueprint, render_template

from app.catalogue import services as catalogue
from app.core.errors import NotFound
from app.identity.sessions import current_person, login_required

blueprint = Blueprint("dossiers", __name__)


@blueprint.get("/dossiers/new/<code>")
@login_required
def new(code: str):
    procedure = catalogue.get_procedure(code)
    if not procedure.is_fully_online:
        raise NotFound("Thủ tục này chưa nộp trực tuyến được. / This procedure cannot be applied for online.")
    person = current_person()
    if person.assurance_level < procedure.assurance_level:
        return render_template("dossiers/level_required.html", procedure=procedure, person=person)
    return render_template("dossiers/new.html", procedure=procedure, person=person)
