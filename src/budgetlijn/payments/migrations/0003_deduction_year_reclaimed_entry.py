# R31: the budget year of a SAMPLE_REFUSED deduction and the ledger entry booked when a run
# withholds it (REIMBURSEMENT_RECLAIMED). docs/decisions/0021-payment-runs.md, addendum R31.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SAMPLE_REFUSED = "SAMPLE_REFUSED"


def backfill(apps, schema_editor):
    """Give every SAMPLE_REFUSED deduction the year of its refused line (through the reclaim it
    was taken over from); one that names no line (a reclaim entered by hand) has no year to book
    in and becomes a plain RECLAIM, as ``hand_over_reclaims`` now takes such a reclaim over.
    Then book what the runs already withheld of them, as the runs book it from now on: one
    REIMBURSEMENT_RECLAIMED entry per use and, for a use that was undone, its reversal."""
    Deduction = apps.get_model("payments", "Deduction")
    DeductionUse = apps.get_model("payments", "DeductionUse")
    Reclaim = apps.get_model("settlements", "Reclaim")
    Entry = apps.get_model("ledger", "Entry")
    pending = list(Deduction.objects.filter(kind=SAMPLE_REFUSED, year__isnull=True))
    if not pending:
        return
    if schema_editor.connection.vendor == "postgresql":
        # check the foreign keys of the rows written here now, not at commit: PostgreSQL
        # refuses the AddConstraint below on a table with pending (deferred) trigger events
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    years = dict(
        Reclaim.objects.filter(
            deduction_id__in=[d.pk for d in pending], sampled_line__isnull=False
        ).values_list("deduction_id", "sampled_line__line__year")
    )
    for deduction in pending:
        year = years.get(deduction.pk)
        if year is None:
            deduction.kind = "RECLAIM"
        deduction.year = year
        deduction.save(update_fields=["kind", "year"])
    uses = DeductionUse.objects.filter(
        deduction__kind=SAMPLE_REFUSED, undoes__isnull=True, reclaimed_entry__isnull=True
    ).select_related("deduction")
    for use in uses.order_by("id"):
        deduction = use.deduction
        reason = f"Inhouding {deduction.pk}: niet bewezen bij steekproef (R31), ingehouden"
        entry = Entry.objects.create(
            budget_id=deduction.budget_id,
            year=deduction.year,
            kind="REIMBURSEMENT_RECLAIMED",
            bucket="PAID",
            amount=-use.amount,
            effective_date=use.created_at.date(),
            reason=reason,
        )
        use.reclaimed_entry = entry
        use.save(update_fields=["reclaimed_entry"])
        undo = DeductionUse.objects.filter(undoes=use).first()
        if undo is not None:
            undo.reclaimed_entry = Entry.objects.create(
                budget_id=deduction.budget_id,
                year=deduction.year,
                kind="REVERSAL",
                bucket="PAID",
                amount=use.amount,
                effective_date=undo.created_at.date(),
                reason=f"{reason}; ongedaan gemaakt",
                reverses=entry,
            )
            undo.save(update_fields=["reclaimed_entry"])


class Migration(migrations.Migration):

    dependencies = [
        ('dossiers', '0003_stop_reason_age_limit'),
        ('ledger', '0007_entry_kind_reimbursement_reclaimed'),
        ('payments', '0002_deduction_waived'),
        ('settlements', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='deduction',
            name='year',
            field=models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='budgetjaar'),
        ),
        migrations.AddField(
            model_name='deductionuse',
            name='reclaimed_entry',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='ledger.entry', verbose_name='boeking teruggevorderde terugbetaling'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='deduction',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'SAMPLE_REFUSED'), _negated=True), ('year__isnull', False), _connector='OR'), name='payment_deduction_sample_refused_year'),
        ),
    ]
