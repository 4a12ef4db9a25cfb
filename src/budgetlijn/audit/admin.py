"""The audit trail in the admin: read only, searchable per dossier."""

from django.contrib import admin

from budgetlijn.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor_label", "person_id", "object_type", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "actor_label", "=person_id", "object_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
