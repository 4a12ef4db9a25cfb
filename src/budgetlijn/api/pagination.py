"""Paging of the API's lists: ``?page=2&page_size=50``, at most ``MAX_PAGE_SIZE`` a page."""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """``count``, ``next``, ``previous`` and ``results``; a page past the last answers a 404
    problem, a page size above the cap is capped."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = _("Het nummer van de pagina (vanaf 1).")
    page_size_query_description = _("Aantal per pagina (standaard 25, hoogstens 100).")
