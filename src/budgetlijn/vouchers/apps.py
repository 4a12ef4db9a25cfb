from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VouchersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "budgetlijn.vouchers"
    verbose_name = _("Vouchers")

    def ready(self) -> None:
        from budgetlijn.ledger.invariants import register_check
        from budgetlijn.vouchers.invariants import voucher_lines

        register_check(voucher_lines)
