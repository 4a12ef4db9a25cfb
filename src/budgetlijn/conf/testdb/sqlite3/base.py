"""Django's sqlite3 backend with the test flush's permit (see budgetlijn.conf.testdb)."""

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3.operations import DatabaseOperations

from budgetlijn.conf.testdb import flush_with_permit


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = flush_with_permit(DatabaseOperations)
