"""Throttling of the API (DRF's rates per anonymous caller, per user and per scope).

DRF's throttles read their rates once, when the class is made; these read
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` on every request, so a deployment's settings and a
test's ``override_settings`` both take effect. The counters live in Django's cache."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class _SettingsRates:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(_SettingsRates, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_SettingsRates, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(_SettingsRates, throttling.ScopedRateThrottle):
    pass
