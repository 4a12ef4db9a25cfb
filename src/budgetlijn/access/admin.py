from django.contrib import admin

from budgetlijn.access.models import HolderAccount


@admin.register(HolderAccount)
class HolderAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "person", "created_at")
    list_select_related = ("user", "person")
    raw_id_fields = ("user", "person")
    search_fields = ("user__username", "person__last_name", "person__first_name")
    readonly_fields = ("created_at",)
