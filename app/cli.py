"""Operator commands: `flask --app wsgi catalogue import FILE`, `catalogue synthesize`, `demo seed`."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.catalogue import services as catalogue_services
from app.catalogue.importer import CatalogueFileError, read_catalogue_file
from app.config import ROOT

DEMO_CATALOGUE = ROOT / "data" / "catalogue" / "demo.json"

catalogue_cli = AppGroup("catalogue", help="Danh mục thủ tục / the procedure catalogue.")
demo_cli = AppGroup("demo", help="Dữ liệu mẫu / demonstration data.")


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
    """Nạp danh mục mẫu / load the demo catalogue."""
    _import(DEMO_CATALOGUE)


def init_app(app: Flask) -> None:
    app.cli.add_command(catalogue_cli)
    app.cli.add_command(demo_cli)
