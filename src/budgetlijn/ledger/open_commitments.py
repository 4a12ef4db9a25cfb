"""The queue of open commitments, kept by the database (docs/decisions/0014, addendum).

A COMMITMENT entry is *open* while no entry reverses it (a payout's release or a reversal).
Finding the open ones with an anti-join over the entry table costs time that grows with every
commitment ever booked, paid ones included. So an AFTER INSERT trigger on the entry table keeps
``ledger_opencommitment``: a row is added for every new COMMITMENT and removed when an entry
that reverses it is inserted, in the inserting transaction, whatever inserts it (the services,
``book_batch``, raw SQL). Entries are never updated or deleted, so that is all it takes, and the
queue is exactly the anti-join: ``check_ledger`` compares the two.

- SQLite: a row-level trigger (two statements: add a commitment, drop what it reverses).
- PostgreSQL: a statement-level trigger with a transition table (one INSERT ... SELECT and one
  DELETE ... USING per INSERT statement, however many rows it inserts).

``install`` and ``remove`` are called by migration 0005 and must stay as they are for it; a
later migration that remakes the entry table on SQLite drops its triggers and must call
``install`` again (as for ``running_balances`` and ``append_only``).
"""

ENTRY_TABLE = "ledger_entry"
QUEUE_TABLE = "ledger_opencommitment"
TRIGGER = "ledger_entry_open_commitments"
PG_FUNCTION = "ledger_entry_open_commitments"
COMMITMENT = "COMMITMENT"  # EntryKind.COMMITMENT; a literal here so migrations never change

# The names of the constants above, written out (a plain string: no SQL is built from input).
PG_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION ledger_entry_open_commitments() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO ledger_opencommitment (entry_id, budget_id, year)
    SELECT id, budget_id, year FROM new_entries WHERE kind = 'COMMITMENT';
    DELETE FROM ledger_opencommitment queue USING new_entries
    WHERE queue.entry_id = new_entries.reverses_id;
    RETURN NULL;
END;
$$;
"""


def install(schema_editor) -> None:
    """Create the trigger (idempotent). Existing entries are not queued: see ``backfill``."""
    vendor = schema_editor.connection.vendor
    remove(schema_editor)
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {ENTRY_TABLE} "  # noqa: S608 - constants
            f"BEGIN "
            f"INSERT INTO {QUEUE_TABLE} (entry_id, budget_id, year) "
            f"SELECT NEW.id, NEW.budget_id, NEW.year WHERE NEW.kind = '{COMMITMENT}'; "
            f"DELETE FROM {QUEUE_TABLE} WHERE NEW.reverses_id IS NOT NULL "
            f"AND entry_id = NEW.reverses_id; "
            f"END;",
            params=None,
        )
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION_SQL, params=None)
        schema_editor.execute(
            f"CREATE TRIGGER {TRIGGER} AFTER INSERT ON {ENTRY_TABLE} "  # noqa: S608 - constants
            "REFERENCING NEW TABLE AS new_entries "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}();",
            params=None,
        )
    else:  # pragma: no cover - the two supported backends are above
        raise NotImplementedError(f"open commitments trigger for {vendor}")


def remove(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER};", params=None)
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {ENTRY_TABLE};", params=None)
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}();", params=None)


def backfill(schema_editor) -> None:
    """Queue the commitments already booked and still open (the queue must be empty)."""
    schema_editor.execute(
        f"INSERT INTO {QUEUE_TABLE} (entry_id, budget_id, year) "  # noqa: S608 - constants
        f"SELECT e.id, e.budget_id, e.year FROM {ENTRY_TABLE} e "
        f"WHERE e.kind = '{COMMITMENT}' AND NOT EXISTS "
        f"(SELECT 1 FROM {ENTRY_TABLE} r WHERE r.reverses_id = e.id)",
        params=None,
    )
