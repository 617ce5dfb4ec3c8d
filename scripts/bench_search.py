"""Search latency over 10,000 procedures: p50 and p95 server time for a fixed set of queries.

    python scripts/bench_search.py                                  # SQLite, a temporary file
    python scripts/bench_search.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

The database is emptied and loaded with the demo catalogue plus synthetic procedures, so point it at
a database used for nothing else (the PostgreSQL database is created when missing).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "dang ky khai sinh", "khai sinh", "hộ chiếu", "ly lich tu phap", "giay phep lai xe", "đăng ký thường trú",
    "xac nhan tinh trang hon nhan", "giay phep", "cap lai", "bao hiem xa hoi", "ho kinh doanh", "chung thuc",
    "ly lich tu phapp", "dang k", "quang cao ngoai troi", "nha thuoc",
]


def prepare_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database})
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    parser.add_argument("--procedures", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    if url.startswith("postgresql"):
        prepare_postgresql(url)
    os.environ.update(APP_ENV="testing", DATABASE_URL=url)

    import flask_migrate

    from app import create_app
    from app.catalogue import services
    from app.catalogue.importer import read_catalogue_file
    from app.catalogue.search import SearchFilters, search_procedures
    from app.cli import DEMO_CATALOGUE
    from app.extensions import db

    app = create_app()
    with app.app_context():
        flask_migrate.upgrade()
        services.import_catalogue(read_catalogue_file(DEMO_CATALOGUE))
        services.synthesize_procedures(args.procedures)
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.exec_driver_sql("ANALYZE")
        total = db.session.execute(db.text("SELECT count(*) FROM procedure")).scalar()
        for query in QUERIES:  # warm caches once
            search_procedures(SearchFilters(q=query))
        timings: dict[str, list[float]] = {query: [] for query in QUERIES}
        for _ in range(args.rounds):
            for query in QUERIES:
                started = time.perf_counter()
                result = search_procedures(SearchFilters(q=query))
                [procedure.agency.name for procedure in result.items]
                timings[query].append((time.perf_counter() - started) * 1000)
                db.session.remove()
        every = sorted(t for values in timings.values() for t in values)
        print(f"database: {db.engine.dialect.name}, procedures: {total}, rounds: {args.rounds}, "
              f"queries: {len(QUERIES)}")
        print(f"{'query':32} {'p50 ms':>8} {'p95 ms':>8}")
        for query, values in timings.items():
            values.sort()
            print(f"{query:32} {statistics.median(values):8.2f} {values[int(len(values) * 0.95) - 1]:8.2f}")
        print(f"{'ALL':32} {statistics.median(every):8.2f} {every[int(len(every) * 0.95) - 1]:8.2f}")


if __name__ == "__main__":
    main()
