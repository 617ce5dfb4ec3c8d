"""Finding procedures from everyday words, with or without diacritics.

Both databases index the same folded text (see docs/adr/0002-search.md): SQLite through an FTS5
table kept up to date by triggers, PostgreSQL through a generated `tsvector` column. Ranking puts a
phrase found in the name first, then BM25 / ts_rank with the name weighted above the rest. A query
that finds nothing is corrected word by word against the vocabulary of procedure names (pg_trgm
similarity on PostgreSQL, difflib on SQLite) and run again.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from math import ceil

from sqlalchemy import Select, case, column, delete, func, insert, literal_column, select, table
from sqlalchemy.orm import joinedload, load_only

from app.catalogue.enums import Level, OnlineLevel
from app.catalogue.models import Agency, Field, Procedure, SearchTerm
from app.core.text import fold, words
from app.extensions import db

PER_PAGE = 20
MAX_QUERY_WORDS = 12
# What a result list shows; the long columns (form schema, steps…) stay unread.
LISTED_COLUMNS = (Procedure.code, Procedure.name, Procedure.name_en, Procedure.level, Procedure.online_level,
                  Procedure.processing_days, Procedure.agency_id, Procedure.field_id)


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    level: Level | None = None
    agency: str | None = None
    field: str | None = None
    online_only: bool = False

    @property
    def is_filtered(self) -> bool:
        return bool(self.level or self.agency or self.field or self.online_only)


@dataclass
class SearchPage:
    filters: SearchFilters
    items: list[Procedure]
    total: int
    page: int
    per_page: int
    corrected_q: str | None = None
    pages: int = field(init=False)

    def __post_init__(self):
        self.pages = max(1, ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_index(self) -> int:
        return min(self.page * self.per_page, self.total)


def search_text(procedure: Procedure) -> tuple[str, str]:
    """The folded name text (name, English name, everyday words) and body text of a procedure."""
    name = " ".join([procedure.name, procedure.name_en or "", *procedure.keywords])
    body = " ".join([
        procedure.code, procedure.summary, procedure.result, procedure.eligibility,
        procedure.field.name, procedure.field.name_en or "", procedure.agency.name,
    ])
    return fold(name), fold(body)


def search_procedures(filters: SearchFilters, page: int = 1, per_page: int = PER_PAGE) -> SearchPage:
    """One page of procedures matching the words and filters, best first."""
    tokens = words(filters.q)[:MAX_QUERY_WORDS]
    result = _run(filters, tokens, page, per_page)
    if result.total == 0 and tokens:
        corrected = correct_words(tokens)
        if corrected != tokens:
            result = _run(filters, corrected, page, per_page)
            result.corrected_q = " ".join(corrected)
    return result


def _run(filters: SearchFilters, tokens: list[str], page: int, per_page: int) -> SearchPage:
    statement = select(Procedure.id)
    if filters.level:
        statement = statement.where(Procedure.level == filters.level)
    if filters.agency:
        statement = statement.join(Agency, Agency.id == Procedure.agency_id).where(Agency.code == filters.agency)
    if filters.field:
        statement = statement.join(Field, Field.id == Procedure.field_id).where(Field.code == filters.field)
    if filters.online_only:
        statement = statement.where(Procedure.online_level == OnlineLevel.FULL)
    if tokens:
        statement, rank = _match(statement, tokens)
        phrase = " ".join(tokens)
        tier = case((Procedure.search_name.contains(phrase, autoescape=True), 0), else_=1)
    else:
        rank = tier = literal_column("0")
    # One pass ranks, counts (a window over every match) and cuts the page on ids alone, and the same
    # round trip loads the page's rows; sorting whole rows, or matching twice for a separate count,
    # is what made broad queries slow. The rank is computed in a subquery because SQLite's bm25()
    # cannot sit beside a window function.
    matches = statement.add_columns(tier.label("tier"), rank.label("rank"), Procedure.search_name,
                                    Procedure.code).subquery()
    order = (matches.c.tier, matches.c.rank, matches.c.search_name, matches.c.code)
    ranked = select(matches.c.id, func.count().over().label("total"), *order).order_by(*order)
    page = max(page, 1)
    rows = _load_page(ranked, page, per_page)
    if rows:
        total = rows[0].total
    elif page > 1:  # asked for a page past the end: show the last one, if there is any
        total = db.session.scalar(select(func.count()).select_from(matches))
        page = max(1, ceil(total / per_page))
        rows = _load_page(ranked, page, per_page) if total else []
    else:
        total = 0
    page = max(1, min(page, max(1, ceil(total / per_page))))
    return SearchPage(filters, [row.Procedure for row in rows], total, page, per_page)


def _load_page(ranked: Select, page: int, per_page: int):
    """The page's procedures with their agency and field, best first, and the number of matches, in
    one round trip."""
    cut = ranked.limit(per_page).offset((page - 1) * per_page).subquery()
    return db.session.execute(
        select(Procedure, cut.c.total).join(cut, cut.c.id == Procedure.id)
        .options(load_only(*LISTED_COLUMNS), joinedload(Procedure.agency), joinedload(Procedure.field))
        .order_by(cut.c.tier, cut.c.rank, cut.c.search_name, cut.c.code)
    ).all()


def _match(statement: Select, tokens: list[str]):
    """Restrict to procedures containing every word (the last one as a prefix) and give a rank,
    lower is better."""
    if db.engine.dialect.name == "postgresql":
        terms = [*tokens[:-1], f"{tokens[-1]}:*"]
        query = func.to_tsquery("simple", " & ".join(terms))
        vector = literal_column("procedure.search_vector")
        return statement.where(vector.op("@@")(query)), -func.ts_rank(vector, query)
    fts = table("procedure_fts", column("rowid"))
    expression = " ".join([*(f'"{token}"' for token in tokens[:-1]), f'"{tokens[-1]}"*'])
    statement = statement.join(fts, fts.c.rowid == Procedure.id).where(
        literal_column("procedure_fts").op("MATCH")(expression)
    )
    return statement, func.bm25(literal_column("procedure_fts"), 10.0, 1.0)


def correct_words(tokens: list[str]) -> list[str]:
    """Each word replaced by the closest word of procedure names when it is not one itself."""
    known = set(db.session.scalars(select(SearchTerm.term).where(SearchTerm.term.in_(tokens))))
    return [token if token in known or len(token) < 3 else _closest(token) or token for token in tokens]


def _closest(token: str) -> str | None:
    if db.engine.dialect.name == "postgresql":
        similarity = func.similarity(SearchTerm.term, token)
        return db.session.scalar(
            select(SearchTerm.term).where(SearchTerm.term.op("%")(token))
            .order_by(similarity.desc(), SearchTerm.term).limit(1)
        )
    candidates = list(db.session.scalars(
        select(SearchTerm.term).where(
            SearchTerm.term.startswith(token[0]),
            func.length(SearchTerm.term).between(len(token) - 2, len(token) + 2),
        )
    ))
    matches = difflib.get_close_matches(token, candidates, n=1, cutoff=0.7)
    return matches[0] if matches else None


def refresh_search_terms() -> None:
    """Rebuild the vocabulary used to correct typing mistakes from the names now in the catalogue."""
    terms: set[str] = set()
    for search_name in db.session.scalars(select(Procedure.search_name)):
        terms.update(search_name.split())
    db.session.execute(delete(SearchTerm))
    if terms:
        db.session.execute(insert(SearchTerm), [{"term": term} for term in sorted(terms)])
