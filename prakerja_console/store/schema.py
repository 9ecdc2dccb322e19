"""DDL for the mirror, generated from :mod:`prakerja_console.store.models`.

Tables are ``STRICT`` so SQLite itself rejects a value of the wrong type in C, at
no measurable cost on the bulk path; that is the cheap half of validating the
central's rows (:mod:`prakerja_console.store.rows` names the culprit afterwards).
The DDL is written here rather than by SQLAlchemy's compiler because SQLModel's
``AutoString`` compiles to ``VARCHAR``, which a ``STRICT`` table refuses.

Indexes are **non-unique** on replicated tables: the mirror must never reject the
central's data over a constraint the central owns (an applicant's ``nik`` may equal
another's: "NIK already used"). Index names carry the *generation* of the live
tables, because a re-snapshot builds the next generation's indexes beside the live
ones before swapping, and SQLite cannot rename an index.

Name search uses FTS5 with the ``unicode61`` tokenizer (diacritics folded) and
prefix indexes of 1–3 characters, external content on ``applicants``, and no
per-row size table (``columnsize=0``: nothing here uses bm25). Measured on 1.4M
synthetic Indonesian names (this machine, 2 cores):

=====================================  ========  =====  ===================================
tokenizer / options                    FTS size  build  first page of 50, p50
=====================================  ========  =====  ===================================
``trigram``                            79 MB     3.3 s  0.02 ms; but 1–2 letter queries
                                                        match nothing
``unicode61``                          26 MB     1.3 s  "s"*: 13 ms, "mu"*: 2.5 ms
``unicode61`` prefix='1 2 3'           56 MB     2.3 s  all < 1 ms
… + ``columnsize=0`` (chosen)          42 MB     1.4 s  all < 1 ms
… + ``detail=none``                    16 MB     0.7 s  "siti"*: 9–21 ms (long prefixes slow)
=====================================  ========  =====  ===================================

With the generator's 1.4M applicants the chosen table takes 37 MB, and every index
plus the FTS table builds in 8–9 s (``benchmarks/bench_store.py``).

Word-start matching is what an agent types for a name ("siti rah"), works from the
first letter, and costs half the space of true substring search; substrings in the
middle of a word ("ahay" in "Rahayu") are deliberately not found.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel.sql.sqltypes import AutoString

from prakerja_console.store.models import LOCAL, MIRROR_REGISTRY, REPLICATED, MirrorTable
from prakerja_console.store.summary import SUMMARIES, summary_triggers
from prakerja_console.store.ticket_schema import TICKET_INDEXES
from prakerja_console.sync.protocol import Table

FTS_TABLE = "applicants_fts"
FTS_OPTIONS = (
    "content='applicants', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', columnsize=0"
)
SHADOW_SUFFIX = "__next"


def sql_table(model: type[MirrorTable]) -> sa.Table:
    return MIRROR_REGISTRY.metadata.tables[str(model.__tablename__)]


def shadow_name(name: str) -> str:
    """Where a re-snapshot builds the next generation of a live table."""
    return name + SHADOW_SUFFIX


def _column_sql(column: sa.Column[object], single_integer_key: bool) -> str:
    if isinstance(column.type, sa.Integer | sa.Boolean):
        kind = "INTEGER"
    elif isinstance(column.type, sa.String | AutoString):
        kind = "TEXT"
    else:  # a new column type in the models: decide its STRICT type here
        raise TypeError(f"no STRICT type for {column.table.name}.{column.name}: {column.type!r}")
    if single_integer_key and column.primary_key:
        return f"{column.name} INTEGER PRIMARY KEY"  # the rowid alias: keyset scans are free
    return f"{column.name} {kind}" + ("" if column.nullable else " NOT NULL")


def create_table_sql(model: type[MirrorTable], name: str | None = None) -> str:
    """``CREATE TABLE`` for a model, with its primary key and no other index."""
    table = sql_table(model)
    keys = [column for column in table.columns if column.primary_key]
    single = len(keys) == 1 and isinstance(keys[0].type, sa.Integer)
    parts = [_column_sql(column, single) for column in table.columns]
    if not single:
        parts.append(f"PRIMARY KEY ({', '.join(column.name for column in keys)})")
    return f"CREATE TABLE {name or table.name} (\n  " + ",\n  ".join(parts) + "\n) STRICT"


def columns(model: type[MirrorTable]) -> tuple[str, ...]:
    """Every column of a mirror table (wire columns first, then local ones)."""
    return tuple(column.name for column in sql_table(model).columns)


@dataclass(frozen=True, slots=True)
class IndexSpec:
    """One secondary index: ``terms`` is the SQL between the parentheses."""

    table: str
    suffix: str
    terms: str
    unique: bool = False
    where: str = ""  # a partial index's condition

    def sql(self, target: str | None = None, generation: int | None = None) -> str:
        """``CREATE INDEX IF NOT EXISTS`` (a resumed snapshot may have built it already)."""
        name = f"ix_{self.table}_{self.suffix}" + ("" if generation is None else f"_g{generation}")
        unique = "UNIQUE " if self.unique else ""
        where = f" WHERE {self.where}" if self.where else ""
        return (
            f"CREATE {unique}INDEX IF NOT EXISTS {name} ON {target or self.table} ({self.terms})"
            + where
        )


# Every lookup a screen needs (lookup by key, children by parent), and no more:
# each index costs time on every incremental upsert of the columns it covers.
# Counts per province and stage come from the summary tables (store.summary), not
# an index: an index on a stage moves an entry on every stage change and doubled
# the cost of a pull spread over a 1.4M mirror (benchmarks/bench_store.py).
REPLICATED_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec("applicants", "nik", "nik"),  # includes claimants of a NIK already used
    IndexSpec("applicants", "kk", "kk_number"),
    IndexSpec("applicants", "email", "lower(email)"),
    IndexSpec("applicants", "phone", "phone"),
    IndexSpec("registry_checks", "applicant", "applicant_id"),
    IndexSpec("wave_entries", "applicant", "applicant_id"),
    IndexSpec("verification_cases", "applicant", "applicant_id"),
    IndexSpec("tickets", "applicant", "applicant_id"),
    IndexSpec("tickets", "client_ref", "client_ref"),
    # The ticket queue's views and sort orders (see store.ticket_schema).
    *(IndexSpec("tickets", suffix, terms, where=where) for suffix, terms, where in TICKET_INDEXES),
    IndexSpec("ticket_events", "ticket", "ticket_id"),
    IndexSpec("notes", "applicant", "applicant_id"),
    IndexSpec("audit_log", "entity", "entity, entity_id"),
    IndexSpec("users", "username", "username"),
)

LOCAL_INDEXES: tuple[IndexSpec, ...] = (
    IndexSpec("outbox", "seq", "seq", unique=True),
    IndexSpec("outbox", "status_seq", "status, seq"),
    IndexSpec("outbox", "applicant", "applicant_id, seq"),
    # Actions whose effect is still shown: read on every pulled page, a handful at most,
    # while answered history grows for good.
    IndexSpec("outbox", "live", "seq", where="settled = 0"),
    IndexSpec("effect_patches", "row", "tbl, row_id"),
    IndexSpec("effect_patches", "action", "action_id"),
)


def fts_table_sql(name: str = FTS_TABLE) -> str:
    return f"CREATE VIRTUAL TABLE {name} USING fts5(name, {FTS_OPTIONS})"


# The update trigger is guarded: an upsert fires ``UPDATE OF`` triggers even when
# the value is unchanged (DESIGN §5), and re-indexing a name costs ~20 µs.
FTS_TRIGGERS: tuple[str, ...] = (
    f"CREATE TRIGGER applicants_fts_insert AFTER INSERT ON applicants BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, name) VALUES (new.id, new.name); END",
    f"CREATE TRIGGER applicants_fts_delete AFTER DELETE ON applicants BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name) VALUES ('delete', old.id, old.name);"
    f" END",
    f"CREATE TRIGGER applicants_fts_update AFTER UPDATE OF name ON applicants"
    f" WHEN old.name IS NOT new.name BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name) VALUES ('delete', old.id, old.name);"
    f" INSERT INTO {FTS_TABLE}(rowid, name) VALUES (new.id, new.name); END",
)


def fill_fts_sql(fts_name: str, source: str) -> str:
    return f"INSERT INTO {fts_name}(rowid, name) SELECT id, name FROM {source}"


def indexes_of(table: Table) -> tuple[IndexSpec, ...]:
    return tuple(spec for spec in REPLICATED_INDEXES if spec.table == table.value)


def replicated_fingerprint() -> str:
    """A digest of the replicated tables' shape: a change means "drop and re-snapshot"."""
    parts = [create_table_sql(model) for model in REPLICATED.values()]
    parts += [spec.sql() for spec in REPLICATED_INDEXES]
    parts += [fts_table_sql(), *FTS_TRIGGERS]
    parts += [summary.create_sql() for summary in SUMMARIES] + list(summary_triggers())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def create_local_tables(conn: sqlite3.Connection) -> None:
    for model in LOCAL:
        conn.execute(create_table_sql(model))
    for spec in LOCAL_INDEXES:
        conn.execute(spec.sql())


def create_replicated_tables(conn: sqlite3.Connection, generation: int) -> None:
    """Empty live replicated tables with their indexes, FTS table and triggers."""
    for model in REPLICATED.values():
        conn.execute(create_table_sql(model))
    for spec in REPLICATED_INDEXES:
        conn.execute(spec.sql(generation=generation))
    conn.execute(fts_table_sql())
    for summary in SUMMARIES:
        conn.execute(summary.create_sql())
    for trigger in (*FTS_TRIGGERS, *summary_triggers()):
        conn.execute(trigger)


def drop_replicated_tables(conn: sqlite3.Connection) -> None:
    """Drop the live replicated tables (their indexes and triggers go with them)."""
    conn.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    for table in REPLICATED:
        conn.execute(f"DROP TABLE IF EXISTS {table.value}")
    for summary in SUMMARIES:  # after their source tables, whose triggers name them
        conn.execute(f"DROP TABLE IF EXISTS {summary.name}")


def drop_shadow_tables(conn: sqlite3.Connection) -> None:
    """Forget a snapshot that was being built (after a crash, a restart, an abort)."""
    conn.execute(f"DROP TABLE IF EXISTS {shadow_name(FTS_TABLE)}")
    for table in REPLICATED:
        conn.execute(f"DROP TABLE IF EXISTS {shadow_name(table.value)}")
    for summary in SUMMARIES:
        conn.execute(f"DROP TABLE IF EXISTS {shadow_name(summary.name)}")
