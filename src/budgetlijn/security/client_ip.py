"""The client's address as the throttling of sign-ins sees it (AXES_CLIENT_IP_CALLABLE).

Behind a reverse proxy every request comes from the proxy; the client's address is the one the
proxy appended to ``X-Forwarded-For``. Only the entries our own proxies added can be trusted
(a client may send any ``X-Forwarded-For`` it likes), so with ``TRUSTED_PROXY_COUNT`` = n the
address is the n-th entry from the right; without proxies it is ``REMOTE_ADDR``.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")
