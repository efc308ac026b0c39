import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from .models import ApiToken

WINDOW_SECONDS = 60


class TokenRateThrottle(BaseThrottle):
    """At most settings.API_RATE_LIMIT_PER_MINUTE requests per token (or member) in each minute of the clock.

    Counted in the cache (Redis when configured, so that every web process shares the count)."""

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            who = f"token:{request.auth.token_hash[:32]}"
        elif request.user and request.user.is_authenticated:
            who = f"user:{request.user.pk}"
        else:
            return True
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = f"api-rate:{who}:{window}"
        cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
            count = 1
        self.retry_after = (window + 1) * WINDOW_SECONDS - now
        return count <= settings.API_RATE_LIMIT_PER_MINUTE

    def wait(self):
        return max(1, round(self.retry_after))
