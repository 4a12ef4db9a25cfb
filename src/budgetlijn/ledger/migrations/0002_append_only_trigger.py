"""On PostgreSQL the database itself refuses UPDATE and DELETE of a ledger entry.

A row-level BEFORE UPDATE OR DELETE trigger raises, whatever the client (raw SQL, psql, another
program). There is deliberately no TRUNCATE trigger: the test suite empties tables with
TRUNCATE on PostgreSQL. SQLite gets no trigger: Django's test flush deletes rows there; the
model (save/delete/QuerySet.update/delete) guards the ledger on every backend.

Superseded by 0003_append_only_triggers_both_backends: triggers on SQLite too, a TRUNCATE
trigger, and a flush permit only the test settings hold (docs/decisions/0006).
"""

from django.db import migrations

FUNCTION = "ledger_entry_append_only"
TRIGGER = "ledger_entry_append_only"
# PL/pgSQL RAISE format: the first % is the operation (UPDATE/DELETE), the second the entry id.
MESSAGE = (
    "Het grootboek kan alleen aangevuld worden: % van boeking % is niet toegestaan. "
    "Corrigeer een fout met een tegenboeking."
)


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("ledger", "Entry")._meta.db_table)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION
                '{MESSAGE}', TG_OP, OLD.id
                USING ERRCODE = 'restrict_violation';
        END;
        $$;
        """,
        params=None,
    )
    schema_editor.execute(
        f"""
        CREATE TRIGGER {TRIGGER}
        BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
        """,
        params=None,
    )


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("ledger", "Entry")._meta.db_table)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table};", params=None)
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}();", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_trigger, drop_trigger, elidable=False),
    ]
