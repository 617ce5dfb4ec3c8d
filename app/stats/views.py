"""/stats: the service index of each agency and of all, over a chosen period, with charts, tables and a CSV."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, make_response, render_template, request

from app.core import calendar
from app.core.database import utcnow
from app.stats import charts, services
from app.stats.forms import ChoosePeriodForm

blueprint = Blueprint("stats", __name__)
TOP = 10


def _period(form: ChoosePeriodForm) -> tuple[date, date, int | None]:
    today = calendar.local_date(utcnow())
    start, end = form.start.data, form.end.data
    if not form.validate():
        start, end = None, None
    end = min(end or today, today)
    start = start or date(end.year - 1, end.month, 1)
    agency = form.agency.data if form.agency.data and not form.agency.errors else None
    return min(start, end), end, agency


@blueprint.get("/stats")
def index():
    form = ChoosePeriodForm(request.args, meta={"csrf": False})
    start, end, agency_id = _period(form)
    report = services.report(start, end, agency_id)
    top = report.agencies[:TOP]
    on_time = charts.bar_chart([(agency.display_name, figures.measures["on_time_rate"]) for agency, figures in top],
                               maximum=100)
    monthly = charts.line_chart([(f"{month:%m/%Y}", count) for month, count in report.trend])
    status = 400 if form.errors else 200
    return render_template("stats/index.html", form=form, report=report, groups=services.GROUPS,
                           measures=services.MEASURES, on_time=on_time, monthly=monthly, top=top,
                           agency=report.agencies[0][0] if agency_id and report.agencies else None), status


@blueprint.get("/stats.csv")
def export():
    """The same figures, one row per agency and one for all, for spreadsheets."""
    form = ChoosePeriodForm(request.args, meta={"csrf": False})
    start, end, agency_id = _period(form)
    report = services.report(start, end, agency_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    keys = list(report.overall.measures)
    writer.writerow(["agency_code", "agency", *keys])
    writer.writerow(["", "Tất cả / All", *report.overall.measures.values()])
    for agency, figures in report.agencies:
        writer.writerow([agency.code, agency.name, *figures.measures.values()])
    response = make_response("\ufeff" + buffer.getvalue())  # the BOM lets spreadsheet programs read UTF-8
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers.set("Content-Disposition", "attachment", filename=f"chi-so-phuc-vu-{start}-{end}.csv")
    return response
