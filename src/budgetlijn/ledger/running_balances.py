"""Running balances per budget year, kept by the database (docs/decisions/0014).

An AFTER INSERT trigger on the entry table adds every new entry's amount, in whole cents, to
the row of its (budget, year) in ``ledger_budgetyearbalance`` (an upsert), in the inserting
transaction, whatever inserts it: the services, ``book_batch``'s ``bulk_create``, a migration,
raw SQL. The entry table is append-only (UPDATE and DELETE are refused by other triggers), so
an insert trigger is all it takes. The services read the row under the budget lock instead of
summing the budget's history; ``check_ledger`` compares it with that sum.

- SQLite: a row-level trigger (``FOR EACH ROW`` is all SQLite has) doing ``INSERT ... ON
  CONFLICT DO UPDATE`` (SQLite >= 3.24). The amount column holds a binary float there, so the
  cents are ``CAST(ROUND(amount * 100) AS INTEGER)``, exact for any amount of at most 12 digits.
- PostgreSQL: a statement-level trigger with a transition table: one grouped upsert per INSERT
  statement, so a ``bulk_create`` of 1 000 entries on 300 budgets is one upsert of 300 rows, in
  (budget, year) order (so two concurrent statements take the balance rows in the same order).

``install`` and ``remove`` are called by migration 0004 and must stay as they are for it; a later
migration that remakes the entry table on SQLite (most ``AlterField``) drops its triggers and
must call ``install`` again (as it must ``append_only.install_triggers``).
"""

ENTRY_TABLE = "ledger_entry"
BALANCE_TABLE = "ledger_budgetyearbalance"
TRIGGER = "ledger_entry_running_balance"
PG_FUNCTION = "ledger_entry_running_balance"

# column of the balance table -> bucket of the entry table whose amounts it sums
BUCKET_COLUMNS = {
    "entitlement": "ENTITLEMENT",
    "premium": "PREMIUM",
    "via": "VIA",
    "paid": "PAID",
    "committed": "COMMITTED",
    "advance": "ADVANCE",
}
COUNT_COLUMNS = ("allocations", "entries")
COLUMNS = (*BUCKET_COLUMNS, *COUNT_COLUMNS)


def _cents(row: str) -> str:
    return f"CAST(ROUND({row}amount * 100) AS BIGINT)"


def _values(row: str, *, aggregate: bool) -> list[str]:
    """The SQL expressions for COLUMNS, of one entry (``NEW.``) or summed over a group."""
    parts = []
    for bucket in BUCKET_COLUMNS.values():
        expression = f"CASE WHEN {row}bucket = '{bucket}' THEN {_cents(row)} ELSE 0 END"
        parts.append(f"SUM({expression})" if aggregate else expression)
    allocation = f"CASE WHEN {row}kind = 'ALLOCATION' THEN 1 ELSE 0 END"
    parts.append(f"SUM({allocation})" if aggregate else allocation)
    parts.append("COUNT(*)" if aggregate else "1")
    return parts


def _upsert_tail(alias: str) -> str:
    assignments = ", ".join(f"{c} = {alias}.{c} + excluded.{c}" for c in COLUMNS)
    return f"ON CONFLICT (budget_id, year) DO UPDATE SET {assignments}"


def grouped_select(source: str, row: str = "") -> str:
    """A SELECT of (budget_id, year, COLUMNS...) summed per budget year from ``source``."""
    values = ", ".join(_values(row, aggregate=True))
    return (
        f"SELECT budget_id, year, {values} FROM {source} "  # noqa: S608 - constants only
        "GROUP BY budget_id, year ORDER BY budget_id, year"
    )


def install(schema_editor) -> None:
    """Create the trigger (idempotent). Existing entries are not counted: see ``backfill``."""
    vendor = schema_editor.connection.vendor
    columns = ", ".join(("budget_id", "year", *COLUMNS))
    remove(schema_editor)
    if vendor == "sqlite":
        values = ", ".join(_values("NEW.", aggregate=False))
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {ENTRY_TABLE} "  # noqa: S608 - constants
            f"BEGIN INSERT INTO {BALANCE_TABLE} ({columns}) "
            f"VALUES (NEW.budget_id, NEW.year, {values}) {_upsert_tail(BALANCE_TABLE)}; END;",
            params=None,
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {BALANCE_TABLE} AS balance ({columns})
                {grouped_select("new_entries")}
                {_upsert_tail("balance")};
                RETURN NULL;
            END;
            $$;
            """,
            params=None,
        )
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {ENTRY_TABLE} "  # noqa: S608 - constants
            "REFERENCING NEW TABLE AS new_entries "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}();",
            params=None,
        )
    else:  # pragma: no cover - the two supported backends are above
        raise NotImplementedError(f"running balance trigger for {vendor}")


def remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER};", params=None)
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {ENTRY_TABLE};", params=None)
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}();", params=None)


def backfill(schema_editor) -> None:
    """Fill the balance table from the entries already booked (it must be empty)."""
    columns = ", ".join(("budget_id", "year", *COLUMNS))
    schema_editor.execute(
        f"INSERT INTO {BALANCE_TABLE} ({columns}) {grouped_select(ENTRY_TABLE)}",  # noqa: S608
        params=None,
    )
