from django.contrib import admin

from budgetlijn.access import services
from budgetlijn.access.models import HolderAccount


@admin.register(HolderAccount)
class HolderAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "person", "created_at")
    list_select_related = ("user", "person")
    raw_id_fields = ("user", "person")
    search_fields = ("user__username", "person__last_name", "person__first_name")

    def get_readonly_fields(self, request, obj=None):
        # A link is made once (through the service, with its audit event), never moved.
        return ("user", "person", "created_at") if obj else ("created_at",)

    def save_model(self, request, obj, form, change):
        if change:
            return
        account = services.open_holder_account(user=obj.user, person=obj.person, actor=request.user)
        obj.pk, obj.created_at = account.pk, account.created_at
