"""Operator commands: `flask --app wsgi catalogue import FILE`, `catalogue synthesize`, `demo seed`,
`staff grant SUB ROLE [AGENCY]`, `staff revoke SUB ROLE [AGENCY]`, `staff list`."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.catalogue import services as catalogue_services
from app.catalogue.importer import CatalogueFileError, read_catalogue_file
from app.config import ROOT
from app.identity import services as identity_services
from app.identity.enums import StaffRole

DEMO_CATALOGUE = ROOT / "data" / "catalogue" / "demo.json"
DEMO_PEOPLE = ROOT / "data" / "demo" / "people.json"

catalogue_cli = AppGroup("catalogue", help="Danh mục thủ tục / the procedure catalogue.")
demo_cli = AppGroup("demo", help="Dữ liệu mẫu / demonstration data.")
staff_cli = AppGroup("staff", help="Vai trò cán bộ / staff roles.")


def _import(path) -> None:
    try:
        summary = catalogue_services.import_catalogue(read_catalogue_file(path))
    except CatalogueFileError as error:
        click.echo(f"Không nhập được {path}; không có gì được ghi. / Nothing was imported:", err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Đã nhập / imported {path}: {summary.fields} lĩnh vực/fields, {summary.agencies} cơ quan/agencies "
        f"(+{summary.offices} đơn vị theo địa bàn/located offices), {summary.procedures_created} thủ tục mới/new, "
        f"{summary.procedures_updated} cập nhật/updated procedures"
    )


@catalogue_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
def import_command(file: str) -> None:
    """Nhập hoặc cập nhật danh mục từ tệp JSON / import or update the catalogue from a JSON file."""
    _import(file)


@catalogue_cli.command("synthesize")
@click.option("--count", default=10_000, show_default=True, help="Số thủ tục / number of procedures")
def synthesize_command(count: int) -> None:
    """Tạo thủ tục giả lập cho thử tải / generate synthetic procedures for scale tests."""
    try:
        catalogue_services.synthesize_procedures(count)
    except CatalogueFileError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã tạo / generated {count} thủ tục giả lập / synthetic procedures")


@demo_cli.command("seed")
def seed_command() -> None:
    """Nạp danh mục mẫu và vai trò của cán bộ mẫu / load the demo catalogue and the demo staff roles."""
    _import(DEMO_CATALOGUE)
    issuer = _issuer()
    people = json.loads(DEMO_PEOPLE.read_text(encoding="utf-8"))
    for person in people:
        for grant in person.get("staff", []):
            identity_services.grant_staff_role(issuer, person["sub"], StaffRole(grant["role"]), grant.get("agency"),
                                               granted_by="demo seed")
    click.echo(f"Đã cấp vai trò cho cán bộ mẫu / demo staff roles granted ({issuer})")


ROLE = click.Choice([role.value for role in StaffRole])


def _issuer(given: str | None = None) -> str:
    """The eID issuer staff roles are granted under: the one given, else OIDC_ISSUER."""
    return (given or current_app.config["OIDC_ISSUER"]).rstrip("/")


@staff_cli.command("grant")
@click.argument("sub")
@click.argument("role", type=ROLE)
@click.argument("agency", required=False)
@click.option("--issuer", help="Mặc định / default: OIDC_ISSUER")
def grant_command(sub: str, role: str, agency: str | None, issuer: str | None) -> None:
    """Cấp vai trò / grant a staff role (officer, specialist, assistant at AGENCY; admin without)."""
    issuer = _issuer(issuer)
    try:
        identity_services.grant_staff_role(issuer, sub, StaffRole(role), agency)
    except identity_services.StaffGrantError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"Đã cấp / granted: {sub} {role} {agency or ''}".rstrip())


@staff_cli.command("revoke")
@click.argument("sub")
@click.argument("role", type=ROLE)
@click.argument("agency", required=False)
@click.option("--issuer", help="Mặc định / default: OIDC_ISSUER")
def revoke_command(sub: str, role: str, agency: str | None, issuer: str | None) -> None:
    """Thu hồi vai trò / revoke a staff role."""
    issuer = _issuer(issuer)
    try:
        revoked = identity_services.revoke_staff_role(issuer, sub, StaffRole(role), agency)
    except identity_services.StaffGrantError as error:
        raise click.ClickException(error.message) from None
    if not revoked:
        raise click.ClickException(f"{sub} không có vai trò này / does not hold this role")
    click.echo(f"Đã thu hồi / revoked: {sub} {role} {agency or ''}".rstrip())


@staff_cli.command("list")
def list_command() -> None:
    """Liệt kê vai trò đã cấp / list the staff roles granted."""
    for grant in identity_services.staff_grants():
        click.echo(f"{grant.subject}\t{grant.role.value}\t{grant.agency.code if grant.agency else '-'}\t{grant.issuer}")


def init_app(app: Flask) -> None:
    app.cli.add_command(catalogue_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(staff_cli)
