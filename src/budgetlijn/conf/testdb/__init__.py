"""Database backends for the test settings only: Django's own, whose flush (between
transactional tests) sets the permit that lets it empty the append-only tables
(``budgetlijn.append_only``). Production settings use Django's backends, so nothing there can
set the permit and ``manage.py flush`` is refused by the triggers."""


def flush_with_permit(operations_class):
    """A subclass of a backend's DatabaseOperations whose flush SQL carries the permit."""

    class DatabaseOperations(operations_class):
        def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
            from budgetlijn.append_only import flush_permit_statements

            statements = super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
            return flush_permit_statements(self.connection.vendor, statements)

    return DatabaseOperations
