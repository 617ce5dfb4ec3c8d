"""Dossier codes stay unique when many submissions happen at once, each in its own transaction."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

from sqlalchemy import create_engine, delete
from sqlalchemy.orm import Session

from app.config import engine_options
from app.core.database import enable_sqlite_transactions
from app.dossiers.models import DossierSequence
from app.dossiers.services import next_code


def test_concurrent_submissions_never_share_a_code(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    engine = create_engine(url, **{**engine_options(url), "pool_size": 8} if url.startswith("postgresql")
                           else engine_options(url))
    enable_sqlite_transactions(engine)

    def submit(_):
        with Session(engine) as session, session.begin():
            return next_code("CONCURRENT-OFFICE", date(2026, 11, 23), session=session)

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            codes = list(pool.map(submit, range(40)))
        assert len(set(codes)) == 40
        assert sorted(codes) == [f"CONCURRENT-OFFICE-261123-{number:04d}" for number in range(1, 41)]
    finally:
        with Session(engine) as session, session.begin():
            session.execute(delete(DossierSequence).where(DossierSequence.agency_code == "CONCURRENT-OFFICE"))
        engine.dispose()


def test_each_office_and_day_counts_from_one(app):
    assert next_code("OFFICE-A", date(2026, 11, 23)) == "OFFICE-A-261123-0001"
    assert next_code("OFFICE-A", date(2026, 11, 23)) == "OFFICE-A-261123-0002"
    assert next_code("OFFICE-B", date(2026, 11, 23)) == "OFFICE-B-261123-0001"
    assert next_code("OFFICE-A", date(2026, 11, 24)) == "OFFICE-A-261124-0001"
