"""Django's postgresql backend with the test flush's permit (see budgetlijn.conf.testdb)."""

from django.db.backends.postgresql import base
from django.db.backends.postgresql.operations import DatabaseOperations

from budgetlijn.conf.testdb import flush_with_permit


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = flush_with_permit(DatabaseOperations)
