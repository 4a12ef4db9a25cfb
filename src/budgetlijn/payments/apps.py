from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.payments"
    verbose_name = _("Betalingen")

    def ready(self) -> None:
        from budgetlijn.ledger.invariants import register_check
        from budgetlijn.payments.invariants import payments

        # check_ledger (on the ledger's floor) also checks runs, transfers, items and
        # deductions against the ledger's payouts, which only payments knows.
        register_check(payments)

        from budgetlijn.payments.services import cost_line_due_again
        from budgetlijn.settlements.samples import register_due_again_lookup

        # R31: a line refused while its payout is due again releases that commitment (only
        # the payment runs know it: PaymentItem.recommitment).
        register_due_again_lookup(cost_line_due_again)
