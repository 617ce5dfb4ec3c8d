"""Rating a dossier's service (/dossiers/<key>/rating), and feedback and petitions (/feedback)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from wtforms.fields.choices import SelectChoice

from app.core.errors import NotFound
from app.documents import services as documents
from app.dossiers import services as dossiers
from app.extensions import limiter
from app.feedback import services
from app.feedback.forms import RateServiceForm, SendPetitionForm
from app.feedback.models import PetitionCategory
from app.identity.sessions import current_person, login_required

blueprint = Blueprint("feedback", __name__)


def feedback_rate_limit() -> str:
    return current_app.config["FEEDBACK_RATE_LIMIT"]


@blueprint.route("/dossiers/<key>/rating", methods=["GET", "POST"])
@login_required
@limiter.limit(feedback_rate_limit, methods=["POST"])
def rate(key: str):
    """Rate the service once the dossier has its answer; change it within the window."""
    dossier = dossiers.dossier_for(current_person(), key)
    existing = services.rating_of(dossier)
    if not services.can_rate(dossier):
        status = 400 if request.method == "POST" else 200
        return render_template("feedback/rate_closed.html", dossier=dossier, rating=existing), status
    form = RateServiceForm(obj=None)
    if existing is not None and not form.is_submitted():
        form.overall.data = existing.overall
        form.criteria.data = [name for name, held in existing.criteria.items() if held]
        form.comment.data = existing.comment
    if form.validate_on_submit():
        try:
            services.rate(dossier, form.overall.data, form.criteria.data or [], form.comment.data or "")
        except services.RatingRefused as refused:
            form.form_errors.append(refused.message)
        else:
            flash(_l("Cảm ơn bạn đã đánh giá."), "success")
            return redirect(url_for("dossiers.show", key=dossier.key), 303)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("feedback/rate.html", dossier=dossier, form=form, rating=existing,
                           until=existing.created_at + services.change_window() if existing else None), status


@blueprint.route("/feedback/new", methods=["GET", "POST"])
@limiter.limit(feedback_rate_limit, methods=["POST"])
def send():
    """Send feedback or a petition: signed in, or leaving a phone or an email for the answer."""
    person = current_person()
    form = SendPetitionForm()
    if person is None:
        del form.dossier
    else:
        for name in ("contact_name", "contact_phone", "contact_email"):
            delattr(form, name)
        form.dossier.choices = [SelectChoice("", _l("Không về hồ sơ nào"))] + [
            SelectChoice(dossier.code, f"{dossier.code} – {dossier.procedure.display_name}")
            for dossier in dossiers.dossiers_of(person) if dossier.code]
    if not form.is_submitted():
        form.procedure.data = request.args.get("procedure", "")[:40]
        if person is not None and request.args.get("dossier"):
            form.dossier.data = request.args["dossier"][:60]
    if form.validate_on_submit():
        upload = form.attachment.data
        new = services.NewPetition(
            category=PetitionCategory(form.category.data), text=form.text.data,
            procedure_code=form.procedure.data or "", dossier_key=form.dossier.data if person else "",
            contact_name=form.contact_name.data or "" if person is None else "",
            contact_phone=form.contact_phone.data or "" if person is None else "",
            contact_email=form.contact_email.data or "" if person is None else "",
            publish_consent=form.publish_consent.data,
            attachment=(upload.filename, upload.read()) if upload and upload.filename else None)
        try:
            petition = services.send_petition(person, new, documents.configured_limits())
        except (services.PetitionRefused, documents.UploadRefused) as refused:
            form.form_errors.append(refused.message)
        else:
            flash(_l("Đã gửi. Mã phản ánh của bạn là %(code)s; hãy giữ mã để theo dõi.", code=petition.code), "success")
            return redirect(url_for("feedback.status", code=petition.code), 303)
    status = 400 if form.errors or form.form_errors else 200
    return render_template("feedback/send.html", form=form), status


@blueprint.get("/feedback/<code>")
def status(code: str):
    """Where a petition stands, for whoever holds its code (it is unguessable)."""
    petition = services.petition_by_code(code)
    if petition is None:
        raise NotFound("Không tìm thấy phản ánh với mã này. / No feedback has this code.")
    return render_template("feedback/status.html", petition=petition)


@blueprint.get("/feedback")
def index():
    """Answered feedback published with the sender's consent, personal data removed; searchable."""
    q = request.args.get("q", "")[:100]
    found = [(petition, *services.public_text(petition)) for petition in services.published(q)]
    return render_template("feedback/index.html", q=q, found=found)
