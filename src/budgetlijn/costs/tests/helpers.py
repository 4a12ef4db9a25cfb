"""Cost files built in the tests (Excel with openpyxl, CSV as Belgian Excel writes it), staff
users with chosen permissions, and the day the tests file on."""

import csv
import io
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from openpyxl import Workbook

from budgetlijn.costs import fileformat

# Costs of 2023 received in June 2023: in time (R25). The tests give this day as the day the
# agency received the file or statement.
FILED = date(2023, 6, 15)


def row(budget, contract, amount, month=1, kind="WAGE", **overrides):
    """One row of a cost file in the template's columns, as a filer types it."""
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
    values = {
        fileformat.COL_BUDGET: budget.pk,
        fileformat.COL_YEAR: 2023,
        fileformat.COL_CONTRACT: contract.pk,
        fileformat.COL_COST_KIND: kind,
        fileformat.COL_BOOKING_TYPE: "kost",
        fileformat.COL_FROM: f"01/{month:02d}/2023",
        fileformat.COL_TO: f"{last}/{month:02d}/2023",
        fileformat.COL_ASSISTANT: "Jana Wouters",
        fileformat.COL_QUANTITY: "",
        fileformat.COL_AMOUNT: amount,
        fileformat.COL_DESCRIPTION: f"loon maand {month}",
        fileformat.COL_LATE_REASON: "",
    }
    values.update(overrides)
    return values


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = fileformat.COSTS_SHEET
    sheet.append(list(fileformat.COLUMNS))
    for values in rows:
        sheet.append([values[name] for name in fileformat.COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(fileformat.COLUMNS)
    for values in rows:
        writer.writerow([values[name] for name in fileformat.COLUMNS])
    return out.getvalue().encode("utf-8")


def staff(client, username, codenames=None, *, superuser=False):
    User = get_user_model()
    if superuser:
        user = User.objects.create_superuser(
            username, f"{username}@vaph.test", "geheim-1-wachtwoord"
        )
    else:
        user = User.objects.create_user(username, password="geheim-1-wachtwoord", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames or []))
    client.force_login(user)
    return user
