"""Checks shared by the append-only tests of the ledger, the audit trail and the parameters:
the model refuses every change, and so does the database in use (raw SQL)."""

from importlib import import_module

import pytest
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model, field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _stored(obj, field: str):
    return type(obj).objects.values_list(field, flat=True).get(pk=obj.pk)


def assert_model_refuses_changes(obj, error: type[Exception], field: str, value) -> None:
    """save() of the row, delete(), and every QuerySet write raise ``error``."""
    model = type(obj)
    before = _stored(obj, field)
    setattr(obj, field, value)
    with pytest.raises(error):
        obj.save()
    with pytest.raises(error):
        obj.save(update_fields=[field])
    with pytest.raises(error):
        obj.delete()
    with pytest.raises(error):
        model.objects.filter(pk=obj.pk).update(**{field: value})
    with pytest.raises(error):
        model.objects.all().delete()
    with pytest.raises(error):
        model.objects.bulk_update([obj], [field])
    with pytest.raises(error):
        model.objects.update_or_create(pk=obj.pk, defaults={field: value})
    assert _stored(obj, field) == before
    assert model.objects.filter(pk=obj.pk).exists()


def assert_database_refuses_changes(obj, field: str, sql_value: str, message: str) -> None:
    """Raw SQL UPDATE and DELETE of the row fail with a database error on the backend in use."""
    model = type(obj)
    before = _stored(obj, field)
    table, column = _table(model), _column(model, field)
    with connection.cursor() as cursor:
        with pytest.raises(DatabaseError, match=message), transaction.atomic():
            cursor.execute(f"UPDATE {table} SET {column} = {sql_value} WHERE id = %s", [obj.pk])
        with pytest.raises(DatabaseError, match=message), transaction.atomic():
            cursor.execute(f"DELETE FROM {table} WHERE id = %s", [obj.pk])
        with pytest.raises(DatabaseError, match=message), transaction.atomic():
            cursor.execute(f"DELETE FROM {table}")
    assert _stored(obj, field) == before


def triggers_on(model) -> dict[str, str]:
    """The triggers on the model's table: name -> what they fire on."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgtype FROM pg_trigger "
                "WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
            # tgtype bits: 1 row-level, 2 before, 8 delete, 16 update, 32 truncate
            return {
                name: " ".join(
                    word
                    for bit, word in (
                        (1, "ROW"),
                        (2, "BEFORE"),
                        (8, "DELETE"),
                        (16, "UPDATE"),
                        (32, "TRUNCATE"),
                    )
                    if kind & bit
                )
                for name, kind in cursor.fetchall()
            }
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            [table],
        )
        return {name: _describe_sqlite(sql) for name, sql in cursor.fetchall()}


def _describe_sqlite(sql: str) -> str:
    head = sql.split(" ON ")[0].split()
    words = [word for word in ("BEFORE", "DELETE", "UPDATE") if word in head]
    if " WHEN " in sql:
        words.append("WHEN")
    return " ".join(words)


def expected_triggers(model) -> dict[str, str]:
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        return {
            f"{table}_append_only": "ROW BEFORE DELETE UPDATE",
            f"{table}_no_truncate": "BEFORE TRUNCATE",
        }
    return {
        f"{table}_no_update": "BEFORE UPDATE",
        # lets the test flush through while it holds the permit
        f"{table}_no_delete": "BEFORE DELETE WHEN",
    }


def _stock_operations():
    package = {"sqlite": "sqlite3", "postgresql": "postgresql"}[connection.vendor]
    return import_module(f"django.db.backends.{package}.operations").DatabaseOperations(connection)


def _flush_sql(operations, model) -> list[str]:
    return operations.sql_flush(no_style(), [model._meta.db_table], allow_cascade=True)


def _run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def assert_only_the_test_flush_empties_the_table(obj, message: str) -> None:
    """Django's own flush (what ``manage.py flush`` runs in production: DELETE on SQLite,
    TRUNCATE on PostgreSQL) is refused; the test settings' flush, which holds the permit,
    empties the table; the permit ends with its transaction."""
    model = type(obj)

    class RolledBack(Exception):
        pass

    if connection.vendor == "postgresql":
        # Deferred foreign key checks of rows inserted in this test's transaction would make
        # PostgreSQL refuse a TRUNCATE ("pending trigger events") before our trigger speaks.
        _run(["SET CONSTRAINTS ALL IMMEDIATE"])
    stock = _flush_sql(_stock_operations(), model)
    with_permit = _flush_sql(connection.ops, model)
    assert with_permit != stock
    with pytest.raises(DatabaseError, match=message), transaction.atomic():
        _run(stock)
    with pytest.raises(RolledBack), transaction.atomic():
        _run(with_permit)
        assert not model.objects.filter(pk=obj.pk).exists()
        raise RolledBack
    # rolled back: the row is back, and the permit did not outlive its transaction
    assert model.objects.filter(pk=obj.pk).exists()
    with pytest.raises(DatabaseError, match=message), transaction.atomic():
        _run(stock)
    assert model.objects.filter(pk=obj.pk).exists()
