# R31: a paid line not proven is booked back in the ledger once, when it is refused, for what
# the holder owes (REIMBURSEMENT_RECLAIMED on the line's year), no longer per withholding.
# docs/decisions/0021-payment-runs.md, addendum "R31 booked when the line is refused".

import django.db.models.deletion
from django.db import migrations, models

SAMPLE_REFUSED = "SAMPLE_REFUSED"
RECLAIMED = "REIMBURSEMENT_RECLAIMED"


def book_once(apps, schema_editor):
    """Until now a run booked REIMBURSEMENT_RECLAIMED per use (what it withheld) and an undo
    reversed it. From now on the deduction (or, before a run takes it over, the reclaim) has
    one entry for all it is owed. Per SAMPLE_REFUSED deduction: reverse the entries of its uses
    that are not reversed yet, then book one entry of minus (amount - waived) in its year and
    link it. Per NOT_PROVEN reclaim of a sampled line not taken over yet: book minus its amount
    in the line's year and link it. The trigger keeps the running balances; no audit events
    (as migration 0003)."""
    Deduction = apps.get_model("payments", "Deduction")
    DeductionUse = apps.get_model("payments", "DeductionUse")
    Reclaim = apps.get_model("settlements", "Reclaim")
    Entry = apps.get_model("ledger", "Entry")
    deductions = list(
        Deduction.objects.filter(kind=SAMPLE_REFUSED, reclaimed_entry__isnull=True).order_by("pk")
    )
    reclaims = list(
        Reclaim.objects.filter(
            kind="NOT_PROVEN", sampled_line__isnull=False, reclaimed_entry__isnull=True
        )
        .select_related("sampled_line__line")
        .order_by("pk")
    )
    if not deductions and not reclaims:
        return
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    reclaim_of = {r.deduction_id: r for r in reclaims if r.deduction_id is not None}
    for deduction in deductions:
        legacy = DeductionUse.objects.filter(
            deduction_id=deduction.pk,
            undoes__isnull=True,
            reclaimed_entry__isnull=False,
            reclaimed_entry__reversed_by__isnull=True,
        ).select_related("reclaimed_entry")
        for use in legacy.order_by("pk"):
            old = use.reclaimed_entry
            Entry.objects.create(
                budget_id=old.budget_id,
                year=old.year,
                kind="REVERSAL",
                bucket="PAID",
                amount=-old.amount,
                effective_date=old.effective_date,
                reason=(
                    f"Inhouding {deduction.pk}: de terugvordering wordt voortaan in één keer "
                    "geboekt (R31, migratie payments/0004)"
                ),
                reverses=old,
            )
        owed = deduction.amount - deduction.waived
        entry = None
        if owed > 0:
            entry = Entry.objects.create(
                budget_id=deduction.budget_id,
                year=deduction.year,
                kind=RECLAIMED,
                bucket="PAID",
                amount=-owed,
                effective_date=deduction.created_at.date(),
                reason=(
                    f"Inhouding {deduction.pk}: kost niet bewezen bij steekproef, "
                    "teruggevorderd (R31)"
                ),
            )
        deduction.reclaimed_entry = entry
        deduction.save(update_fields=["reclaimed_entry"])
        reclaim = reclaim_of.pop(deduction.pk, None)
        if reclaim is not None and entry is not None:
            reclaim.reclaimed_entry = entry
            reclaim.save(update_fields=["reclaimed_entry"])
    for reclaim in reclaims:
        if reclaim.deduction_id is not None:
            continue  # taken over: the deduction's entry is booked above
        line = reclaim.sampled_line.line
        reclaim.reclaimed_entry = Entry.objects.create(
            budget_id=reclaim.budget_id,
            year=line.year,
            kind=RECLAIMED,
            bucket="PAID",
            amount=-reclaim.amount,
            effective_date=reclaim.created_at.date(),
            reason=f"Kostenlijn {line.pk} niet bewezen bij steekproef, teruggevorderd (R31)",
        )
        reclaim.save(update_fields=["reclaimed_entry"])


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0007_entry_kind_reimbursement_reclaimed"),
        ("payments", "0003_deduction_year_reclaimed_entry"),
        ("settlements", "0002_reclaim_reclaimed_entry"),
    ]

    operations = [
        migrations.AddField(
            model_name="deduction",
            name="reclaimed_entry",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="ledger.entry",
                verbose_name="boeking teruggevorderde terugbetaling",
            ),
        ),
        migrations.RunPython(book_once, migrations.RunPython.noop),
    ]
