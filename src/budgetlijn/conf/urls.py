from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("Budgetlijn: beheer voor het agentschap")
admin.site.site_title = _("Budgetlijn")
admin.site.index_title = _("Dossiers, budgetten en grootboek")

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
