"""Staff changes of a budget's allocation as rows (decision 0013), append-only like the ledger
(``budgetlijn.append_only``: triggers refuse UPDATE, DELETE and on PostgreSQL TRUNCATE).

Changes recorded before this migration live only in audit events (``details.change ==
"allocation_change"``); they are copied here with their number, day, values, reason, actor and
time, so the history the services compute from is complete."""

from decimal import Decimal

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from budgetlijn import append_only

TABLE = "dossiers_budgetallocationchange"
MESSAGE = (
    "Een wijziging van de toekenning wordt nooit aangepast of gewist: registreer een nieuwe "
    "wijziging."
)
FIELDS = ("scheme", "category", "band", "specific_amount")


def install(apps, schema_editor):
    append_only.install_triggers(schema_editor, TABLE, MESSAGE)


def remove(apps, schema_editor):
    append_only.remove_triggers(schema_editor, TABLE)


def _value(name, value):
    if name == "specific_amount":
        return None if value in (None, "") else Decimal(str(value))
    if name == "band":
        return None if value in (None, "") else int(value)
    return value or ""


def copy_audited_changes(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Change = apps.get_model("dossiers", "BudgetAllocationChange")
    events = AuditEvent.objects.filter(
        object_type="dossiers.Budget", details__change="allocation_change"
    ).order_by("id")
    numbers = {}
    for event in events:
        details = event.details
        budget_id = int(event.object_id)
        number = int(details.get("change_id") or numbers.get(budget_id, 0) + 1)
        numbers[budget_id] = number
        values = {}
        for which in ("old", "new"):
            for name in FIELDS:
                values[f"{which}_{name}"] = _value(name, details.get(which, {}).get(name))
        Change.objects.create(
            budget_id=budget_id,
            number=number,
            from_day=details["from_day"],
            reason=details.get("reason", ""),
            created_by_id=event.actor_id,
            created_at=event.at,
            **values,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0001_initial"),
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BudgetAllocationChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="volgnummer")),
                ("from_day", models.DateField(verbose_name="vanaf")),
                (
                    "old_scheme",
                    models.CharField(blank=True, max_length=3, verbose_name="oude indeling"),
                ),
                (
                    "old_category",
                    models.CharField(max_length=40, verbose_name="oude budgetcategorie"),
                ),
                (
                    "old_band",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="oude budgetschijf"
                    ),
                ),
                (
                    "old_specific_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="oud specifiek jaarbedrag",
                    ),
                ),
                (
                    "new_scheme",
                    models.CharField(blank=True, max_length=3, verbose_name="nieuwe indeling"),
                ),
                (
                    "new_category",
                    models.CharField(max_length=40, verbose_name="nieuwe budgetcategorie"),
                ),
                (
                    "new_band",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="nieuwe budgetschijf"
                    ),
                ),
                (
                    "new_specific_amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="nieuw specifiek jaarbedrag",
                    ),
                ),
                ("reason", models.TextField(verbose_name="reden")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="geregistreerd op",
                    ),
                ),
                (
                    "budget",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="allocation_changes",
                        to="dossiers.budget",
                        verbose_name="budget",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="door",
                    ),
                ),
            ],
            options={
                "verbose_name": "wijziging van de toekenning",
                "verbose_name_plural": "wijzigingen van de toekenning",
                "ordering": ["budget", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("budget", "number"), name="allocation_change_number_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(install, remove, elidable=False),
        migrations.RunPython(copy_audited_changes, migrations.RunPython.noop, elidable=False),
    ]
