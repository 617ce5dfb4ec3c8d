"""Service-index latency on 1 million dossiers: p50 and p95 of the /stats page and of its queries alone,
and the time to rebuild the day-by-day counts.

    python scripts/bench_stats.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    python scripts/bench_stats.py --keep-data      # time again, on the data the last run made

The database is emptied and filled with generated data (PostgreSQL only: `generate_series` makes a
million rows in seconds): 300 offices, 1,000,000 dossiers over two years with their decisions, 400,000
payments, 500,000 results, 200,000 ratings and 20,000 petitions. Point it at a database used for
nothing else.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search import prepare_postgresql  # noqa: E402

# The generated world, in SQL. Dossiers are spread over the two years before 2026-11-20; one in ten
# was submitted at a post office, four in five are decided, most on time.
FILL = [
    "INSERT INTO field (code, name) VALUES ('bench', 'Bench')",
    """INSERT INTO agency (code, name, level, kind)
       SELECT 'BENCH-' || g, 'Cơ quan thử ' || g, 'central', 'authority' FROM generate_series(1, 300) g""",
    """INSERT INTO procedure (code, name, search_name, search_body, summary, keywords, level, agency_id, field_id,
                             online_level, assurance_level, processing_days, processing_note, eligibility, result,
                             steps, legal_basis, form_schema, updated_at, supplement_clock, result_template)
       SELECT 'B.' || a.id, 'Thủ tục ' || a.id, 'thu tuc', '', '', '[]', 'central', a.id, f.id, 'full', 1, 5, '',
              '', '', '[]', '[]', '{}', now(), 'continue', '{}'
       FROM agency a, field f""",
    """INSERT INTO person (issuer, subject, full_name, address_parts, notify_by_email, notify_by_sms, language,
                          created_at, assurance_level, permanent_address)
       SELECT 'bench', 'p' || g, 'Người ' || g, '{}', true, true, 'vi', now(), 2, '' FROM generate_series(1, 10000) g""",
    """INSERT INTO dossier (reference, code, procedure_id, owner_id, agency_id, state, answers, completed_pages,
                           fees_due, created_at, updated_at, submitted_at, appointment_date, decided_at, days_taken,
                           on_time, submitted_by_id, paid_by, result_kind)
       SELECT md5(g::text)::varchar(16), 'BENCH-' || g, p.id, 1 + mod(g, 10000), p.agency_id,
              CASE WHEN mod(g, 10) < 8 THEN (ARRAY['result_ready','returned','refused'])[1 + mod(g, 3)]
                   ELSE (ARRAY['submitted','received','processing','supplement_requested'])[1 + mod(g, 4)] END,
              '{}', '[]', (mod(g, 3)) * 50000, s.at, s.at, s.at, (s.at + interval '7 days')::date,
              CASE WHEN mod(g, 10) < 8 THEN s.at + (mod(g, 12)) * interval '1 day' END,
              CASE WHEN mod(g, 10) < 8 THEN mod(g, 9) END,
              CASE WHEN mod(g, 10) < 8 THEN mod(g, 12) < 9 END,
              CASE WHEN mod(g, 10) = 9 THEN 1 END,
              CASE WHEN mod(g, 3) > 0 AND mod(g, 5) < 3 THEN CASE WHEN mod(g, 10) = 9 THEN 'counter' ELSE 'vnpay' END END,
              CASE WHEN mod(g, 10) < 8 AND mod(g, 3) <> 2 AND mod(g, 16) < 15
                   THEN CASE WHEN mod(g, 4) = 0 THEN 'uploaded' ELSE 'generated' END END
       FROM generate_series(1, %(dossiers)s) g
       JOIN procedure p ON p.agency_id = (SELECT min(id) FROM agency) + mod(g, 300)
       CROSS JOIN LATERAL (SELECT timestamptz '2024-11-20' + (mod(g, 730)) * interval '1 day'
                                  + (mod(g, 86400)) * interval '1 second' AS at) s""",
    """INSERT INTO payment (dossier_id, txn_ref, amount, state, order_info, client_ip, created_at, expires_at,
                           refund_due, method)
       SELECT d.id, 'B' || d.id, d.fees_due, 'paid', '', '', d.submitted_at, d.submitted_at, false,
              CASE WHEN d.submitted_by_id IS NULL THEN 'vnpay' ELSE 'counter' END
       FROM dossier d WHERE d.fees_due > 0 AND mod(d.id, 5) < 3""",
    """INSERT INTO stored_file (owner_id, storage_key, name, content_type, size, sha256, created_at)
       VALUES (1, 'bench', 'kq.pdf', 'application/pdf', 1, repeat('0', 64), now())""",
    """INSERT INTO result (dossier_id, kind, file_id, sha256, token, issued_at)
       SELECT d.id, CASE WHEN mod(d.id, 4) = 0 THEN 'uploaded' ELSE 'generated' END, (SELECT min(id) FROM stored_file),
              repeat('0', 64), 'b' || d.id, d.decided_at
       FROM dossier d WHERE d.decided_at IS NOT NULL AND d.state <> 'refused' AND mod(d.id, 16) < 15""",
    """INSERT INTO rating (dossier_id, agency_id, overall, criteria, comment, created_at, updated_at)
       SELECT d.id, d.agency_id, 1 + mod(d.id, 5), '{}', '', d.decided_at, d.decided_at
       FROM dossier d WHERE d.decided_at IS NOT NULL AND mod(d.id, 4) = 1""",
    """INSERT INTO petition (code, agency_id, category, text, publish_consent, status, created_at, due_date, answer,
                            answered_at, contact_name, published)
       SELECT 'PAKN-B-' || g, (SELECT min(id) FROM agency) + mod(g, 300), 'rules', 'x', false,
              CASE WHEN mod(g, 5) = 0 THEN 'received' ELSE 'answered' END,
              timestamptz '2024-11-20' + (mod(g, 730)) * interval '1 day',
              (date '2024-11-20' + (mod(g, 730)) + 14),
              '', CASE WHEN mod(g, 5) <> 0 THEN timestamptz '2024-11-20' + (mod(g, 730) + mod(g, 20)) * interval '1 day' END,
              '', false
       FROM generate_series(1, 20000) g""",
]


def fill(engine, dossiers: int) -> None:
    with engine.begin() as connection:
        for statement in FILL:
            connection.exec_driver_sql(statement, {"dossiers": dossiers})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")  # index-only scans need the visibility map


def timed(action, rounds: int) -> tuple[float, float]:
    action()  # warm the caches, as a running server would have them
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep-data", action="store_true", help="time the data an earlier run generated")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        sys.exit("The generated data needs PostgreSQL (generate_series).")
    if not args.keep_data:
        prepare_postgresql(args.database_url)
    os.environ.update(APP_ENV="testing", DATABASE_URL=args.database_url)

    import flask_migrate
    from sqlalchemy import func, select

    from app import create_app
    from app.dossiers.models import Dossier
    from app.extensions import db
    from app.stats import services

    app = create_app({"TESTING": True, "SERVER_NAME": "bench.local"})
    with app.app_context():
        flask_migrate.upgrade()
        if not args.keep_data:
            started = time.perf_counter()
            fill(db.engine, args.dossiers)
            print(f"filled in {time.perf_counter() - started:.1f} s")
        print(f"{db.session.scalar(select(func.count()).select_from(Dossier)):,} dossiers")
        started = time.perf_counter()
        services.refresh(now=datetime(2026, 11, 20, 5, tzinfo=timezone.utc))
        print(f"day-by-day counts rebuilt in {time.perf_counter() - started:.1f} s (what `jobs work` does every 10 minutes)")
        # Time pages as they are between rebuilds, not while the rebuild's writes are still being flushed.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("CHECKPOINT")
        agency = db.session.scalar(select(func.min(Dossier.agency_id)))
        today = date(2026, 11, 20)
        periods = {
            "one month": (date(2026, 10, 1), date(2026, 10, 31), None),
            "twelve months": (date(2025, 11, 1), today, None),
            "two years": (date(2024, 11, 20), today, None),
            "one agency, twelve months": (date(2025, 11, 1), today, agency),
        }
        client = app.test_client()
        print(f"{'period':<28} {'queries p50':>12} {'p95':>8} {'page p50':>10} {'p95':>8}  (ms, {args.rounds} rounds)")
        for name, (start, end, agency_id) in periods.items():
            query = timed(lambda: services.report(start, end, agency_id, today=today), args.rounds)
            params = {"start": start.isoformat(), "end": end.isoformat(), **({"agency": agency_id} if agency_id else {})}
            page = timed(lambda: client.get("/stats", query_string=params).close(), args.rounds)
            print(f"{name:<28} {query[0]:>12.1f} {query[1]:>8.1f} {page[0]:>10.1f} {page[1]:>8.1f}")


if __name__ == "__main__":
    main()
