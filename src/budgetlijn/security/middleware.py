"""Responses with personal or statistical data are kept out of shared caches."""

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivateCacheMiddleware:
    """Every page, export and API answer gets ``Cache-Control: private, no-store``.

    Pages, exports (CSV, XLSX) and the API all carry personal or statistical data, or a CSRF
    token, so no proxy may keep them (``private``) and no browser on a shared computer may keep
    them on disk (``no-store``). Only static files (served from STATIC_URL) are left alone. The
    admin's own ``never_cache`` headers already say the same; they are merged, not replaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix):
            patch_cache_control(response, private=True, no_store=True)
        return response
