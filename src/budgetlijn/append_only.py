"""Append-only tables: rows are added, never changed or deleted (docs/decisions/0006).

Ledger entries (``ledger.Entry``), audit events (``audit.AuditEvent``) and administrator values
of parameters (``parameters.ParameterOverride``) are history. Two guards keep them so:

- **the model**: ``AppendOnlyModel`` refuses ``save()`` of an existing row and ``delete()``;
  ``AppendOnlyQuerySet`` refuses ``update()``, ``bulk_update()``, ``update_or_create()`` and
  ``delete()``. Each raises the model's ``AppendOnlyError`` with a Dutch message.
- **the database**, whatever the client (raw SQL, a shell, another program), on both backends:
  BEFORE UPDATE and BEFORE DELETE triggers raise; on PostgreSQL a BEFORE TRUNCATE trigger too.
  ``install_triggers`` / ``remove_triggers`` are called by each app's migration.

The one exception is the test suite's flush between tests (``TransactionTestCase``, pytest-django
``transaction=True``): it empties every table. Only the test settings' database backends
(``budgetlijn.conf.testdb``) wrap the flush in a permit (``flush_permit_statements``):
- PostgreSQL flushes with TRUNCATE; the TRUNCATE trigger lets it pass when the transaction set
  ``SET LOCAL budgetlijn.allow_flush = 'on'`` (gone when the transaction ends). Row-level
  UPDATE and DELETE are refused without exception.
- SQLite flushes with DELETE; the DELETE trigger lets it pass while the one-row table
  ``budgetlijn_flush_permit`` holds a row, which the flush inserts and removes again in its own
  transaction. UPDATE is refused without exception.
Production code never writes the permit, so ``manage.py flush`` is refused there.

A later migration that rewrites one of these tables must keep the triggers: on SQLite a table
that Django remakes (most ``AlterField``) loses its triggers, so such a migration calls
``install_triggers`` again; on PostgreSQL an ``UPDATE`` a migration issues (a new default) is
refused until it drops and re-installs them. ``tests/test_append_only.py`` of each app checks
that the migrated database has them.
"""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

PERMIT_TABLE = "budgetlijn_flush_permit"
PERMIT_SETTING = "budgetlijn.allow_flush"
PG_FUNCTION = "budgetlijn_append_only"


class ErrorCode(StrEnum):
    """Stable error code of an append-only table that names no code of its own."""

    APPEND_ONLY = "append_only"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete a row of an append-only table."""

    code: str = ErrorCode.APPEND_ONLY
    default_message = _("Deze gegevens kunnen alleen aangevuld worden, nooit gewijzigd of gewist.")

    def __init__(self, message=None):
        super().__init__(str(message or self.default_message))


class AppendOnlyQuerySet(models.QuerySet):
    """Reads and inserts only. The model names its error in ``append_only_error``."""

    def _refuse(self):
        raise self.model.append_only_error()

    def update(self, **kwargs):
        self._refuse()

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse()

    bulk_update.alters_data = True

    def update_or_create(self, defaults=None, create_defaults=None, **kwargs):
        self._refuse()

    update_or_create.alters_data = True

    def delete(self):
        self._refuse()

    delete.alters_data = True
    delete.queryset_only = True

    def _raw_delete(self, using):
        # Used by the deletion collector for fast deletes; never for these rows.
        self._refuse()


class AppendOnlyModel(models.Model):
    """A model whose rows are inserted once and never changed or deleted."""

    append_only_error: type[AppendOnlyError] = AppendOnlyError

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("update_fields") or kwargs.get("force_update"):
            raise self.append_only_error()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise self.append_only_error()

    delete.alters_data = True


# --- database triggers (called from migrations) ------------------------------------------------


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _names(table: str) -> dict[str, str]:
    return {
        "rows": f"{table}_append_only",
        "update": f"{table}_no_update",
        "delete": f"{table}_no_delete",
        "truncate": f"{table}_no_truncate",
    }


def install_triggers(schema_editor, table: str, message: str) -> None:
    """Make the database refuse UPDATE and DELETE (and on PostgreSQL TRUNCATE) of ``table``.

    ``table`` and ``message`` (Dutch, for whoever meets it) are constants of a migration, never
    user input (the SQL is composed, the message quoted as a literal); idempotent."""
    vendor = schema_editor.connection.vendor
    quoted = schema_editor.quote_name(table)
    names = _names(table)
    if vendor == "postgresql":
        schema_editor.execute(
            f"""
            CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE'
                   AND coalesce(current_setting('{PERMIT_SETTING}', true), '') = 'on' THEN
                    RETURN NULL;  -- the test suite's flush (budgetlijn.conf.testdb)
                END IF;
                RAISE EXCEPTION '% %: %', TG_OP, TG_TABLE_NAME, TG_ARGV[0]
                    USING ERRCODE = 'restrict_violation';
            END;
            $$;
            """,
            params=None,
        )
        remove_triggers(schema_editor, table, drop_shared=False)
        schema_editor.execute(
            f"CREATE TRIGGER {names['rows']} BEFORE UPDATE OR DELETE ON {quoted} "
            f"FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}({_literal(message)});",
            params=None,
        )
        schema_editor.execute(
            f"CREATE TRIGGER {names['truncate']} BEFORE TRUNCATE ON {quoted} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}({_literal(message)});",
            params=None,
        )
    elif vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} "
            "(id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1));",
            params=None,
        )
        remove_triggers(schema_editor, table, drop_shared=False)
        schema_editor.execute(
            f"CREATE TRIGGER {names['update']} BEFORE UPDATE ON {quoted} "
            f"BEGIN SELECT RAISE(ABORT, {_literal(f'UPDATE {table}: {message}')}); END;",
            params=None,
        )
        schema_editor.execute(
            f"CREATE TRIGGER {names['delete']} BEFORE DELETE ON {quoted} "  # noqa: S608
            f"WHEN NOT EXISTS (SELECT 1 FROM {PERMIT_TABLE}) "
            f"BEGIN SELECT RAISE(ABORT, {_literal(f'DELETE {table}: {message}')}); END;",
            params=None,
        )
    else:  # pragma: no cover - the two supported backends are above
        raise NotImplementedError(f"append-only triggers for {vendor}")


def remove_triggers(schema_editor, table: str, *, drop_shared: bool = True) -> None:
    """Undo ``install_triggers`` for ``table`` (and the shared function or permit table once
    no trigger uses it any more)."""
    vendor = schema_editor.connection.vendor
    quoted = schema_editor.quote_name(table)
    names = _names(table)
    if vendor == "postgresql":
        for name in (names["rows"], names["truncate"]):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quoted};", params=None)
        if drop_shared:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                    "WHERE p.proname = %s",
                    [PG_FUNCTION],
                )
                (users,) = cursor.fetchone()
            if not users:
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}();", params=None)
    elif vendor == "sqlite":
        for name in (names["update"], names["delete"]):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};", params=None)
        if drop_shared:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE %s",
                    [f"%{PERMIT_TABLE}%"],
                )
                (users,) = cursor.fetchone()
            if not users:
                schema_editor.execute(f"DROP TABLE IF EXISTS {PERMIT_TABLE};", params=None)


def flush_permit_statements(vendor: str, statements: list[str]) -> list[str]:
    """The test flush's statements wrapped in the permit (test settings only, see above)."""
    if not statements:
        return statements
    if vendor == "postgresql":
        return [f"SET LOCAL {PERMIT_SETTING} = 'on';", *statements]
    if vendor == "sqlite":
        return [
            f"CREATE TABLE IF NOT EXISTS {PERMIT_TABLE} "
            "(id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1));",
            f"INSERT OR IGNORE INTO {PERMIT_TABLE} (id) VALUES (1);",  # noqa: S608 - constants
            *statements,
            f"DELETE FROM {PERMIT_TABLE};",  # noqa: S608 - constants
        ]
    return statements
