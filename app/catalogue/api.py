"""Read-only JSON of the catalogue for open-data reuse: /api/procedures and /api/procedures/<code>."""

from flask import Blueprint, request, url_for

from app.catalogue import pricing, services
from app.catalogue.forms import SearchProceduresForm
from app.catalogue.models import Procedure
from app.catalogue.search import search_procedures
from app.errors import render_error
from app.extensions import limiter
from app.catalogue.views import search_limit

blueprint = Blueprint("catalogue_api", __name__, url_prefix="/api")

MAX_PER_PAGE = 100


@blueprint.after_request
def open_to_everyone(response):
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/procedures")
@limiter.limit(search_limit)
def index():
    form = SearchProceduresForm(request.args, agencies=services.catalogue_agencies(), fields=services.all_fields())
    if not form.validate():
        errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
        response, status = render_error(400)
        response["error"]["fields"] = errors
        return response, status
    per_page = max(1, min(request.args.get("per_page", 20, type=int), MAX_PER_PAGE))
    results = search_procedures(form.filters(), page=request.args.get("page", 1, type=int), per_page=per_page)
    return {
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "per_page": results.per_page,
        "corrected_query": results.corrected_q,
        "items": [_summary(procedure) for procedure in results.items],
    }


@blueprint.get("/procedures/<code>")
def show(code: str):
    procedure = services.get_procedure(code)
    return {
        **_summary(procedure),
        "summary": procedure.summary,
        "keywords": procedure.keywords,
        "assurance_level": procedure.assurance_level,
        "processing_note": procedure.processing_note,
        "eligibility": procedure.eligibility,
        "result": procedure.result,
        "steps": procedure.steps,
        "legal_basis": procedure.legal_basis,
        "fees": [
            {"code": line.code, "name": line.name, "amount": line.amount, "online_amount": line.online_amount,
             "note": line.note, "province": line.province_code}
            for line in pricing.fee_lines(procedure) + pricing.province_overrides(procedure)
        ],
        "documents": [
            {"code": document.code, "name": document.name, "form": document.form.value, "copies": document.copies,
             "mandatory": document.mandatory, "from_eid": document.from_eid, "from_wallet": document.from_wallet,
             "from_form": document.from_form,
             "note": document.note}
            for document in procedure.documents
        ],
        "form": procedure.form_schema,
    }


def _summary(procedure: Procedure) -> dict:
    return {
        "code": procedure.code,
        "name": procedure.name,
        "name_en": procedure.name_en,
        "level": procedure.level.value,
        "agency": {"code": procedure.agency.code, "name": procedure.agency.name},
        "field": {"code": procedure.field.code, "name": procedure.field.name},
        "online_level": procedure.online_level.value,
        "processing_days": procedure.processing_days,
        "url": url_for("catalogue.show", code=procedure.code, _external=True),
        "api_url": url_for("catalogue_api.show", code=procedure.code, _external=True),
    }
