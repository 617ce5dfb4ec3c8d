"""`flask --app wsgi jobs work`: the background worker. It runs the periodic sweeps (drafts left
untouched, payments left pending) and drains the transactional outbox of notifications (email and
SMS) every few seconds; several workers may run at once."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.extensions import db

log = logging.getLogger(__name__)
jobs_cli = AppGroup("jobs", help="Việc chạy nền / background work.")


@dataclass(frozen=True)
class Periodic:
    name: str
    every_seconds: int
    run: Callable[[], object]


def periodic_tasks() -> list[Periodic]:
    from app.core.responses import public_url
    from app.dossiers.deadlines import sweep_overdue
    from app.dossiers.services import sweep_drafts
    from app.notifications.outbox import drain_outbox
    from app.payments.services import reconcile
    from app.stats.services import refresh as refresh_service_index

    return [Periodic("sweep_drafts", 3600, lambda: sweep_drafts(current_app.config["DRAFT_KEEP"],
                                                                 current_app.config["DRAFT_NOTICE"])),
            Periodic("reconcile_payments", 120, reconcile),
            Periodic("drain_outbox", 5, drain_outbox),
            Periodic("refresh_service_index", 600, refresh_service_index),
            Periodic("sweep_overdue", 3600, lambda: sweep_overdue(
                current_app.config["APOLOGY_EXTRA_DAYS"], lambda code: public_url("dossiers.show", key=code)))]


def run_once(tasks: list[Periodic]) -> dict[str, object]:
    """Run every task once; one that fails is logged and rolled back, the others still run."""
    results = {}
    for task in tasks:
        try:
            results[task.name] = task.run()
        except Exception:
            db.session.rollback()
            log.exception("job %s failed", task.name)
            results[task.name] = None
    return results


@jobs_cli.command("work")
@click.option("--once", is_flag=True, help="Chạy một lượt rồi dừng / run one round and stop.")
def work_command(once: bool) -> None:
    """Chạy việc nền / run the background work."""
    tasks = periodic_tasks()
    last_run = {task.name: 0.0 for task in tasks}
    while True:
        due = [task for task in tasks if time.monotonic() - last_run[task.name] >= task.every_seconds
               or last_run[task.name] == 0.0]
        for name, result in run_once(due).items():
            last_run[name] = time.monotonic()
            if once or _did_something(result):  # a worker looping every few seconds logs only work done
                click.echo(f"{name}: {result}")
        if once:
            return
        time.sleep(min(task.every_seconds for task in tasks))


def _did_something(result: object) -> bool:
    return any(result.values()) if isinstance(result, dict) else result is not None


def init_app(app: Flask) -> None:
    app.cli.add_command(jobs_cli)
