"""Finding a procedure and reading what it asks for."""

from flask import Blueprint, current_app, render_template, request

from app import geography
from app.catalogue import pricing, services
from app.catalogue.forms import SearchProceduresForm
from app.catalogue.search import search_procedures
from app.core.htmx import render_page_or_fragment
from app.extensions import limiter

blueprint = Blueprint("catalogue", __name__)


def search_limit() -> str:
    return current_app.config["SEARCH_RATE_LIMIT"]


@blueprint.get("/procedures")
@limiter.limit(search_limit)
def index():
    form = SearchProceduresForm(request.args, agencies=services.catalogue_agencies(), fields=services.all_fields())
    if form.validate():
        results, status = search_procedures(form.filters(), page=request.args.get("page", 1, type=int)), 200
    else:
        results, status = None, 400
    return render_page_or_fragment(
        "catalogue/index.html", "catalogue/_results.html", "results", status=status, form=form, results=results
    )


@blueprint.get("/procedures/<code>")
def show(code: str):
    procedure = services.get_procedure(code)
    return render_template(
        "catalogue/show.html",
        procedure=procedure,
        fees=pricing.fee_lines(procedure),
        overrides=pricing.province_overrides(procedure),
        province_name=geography.province_name,
    )
