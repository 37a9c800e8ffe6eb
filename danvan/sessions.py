"""Sessions expire after SESSION_COOKIE_AGE seconds without a request (issue: expiry after inactivity).

Django's SESSION_SAVE_EVERY_REQUEST would give that by writing the session row on every page, a write per
request on the busiest pages. Refreshing the expiry once every REFRESH_SECONDS gives the same rule to within
five minutes of an eight-hour window, at one write in many requests.
"""

import time

from django.utils.cache import patch_cache_control

REFRESH_SECONDS = 300
SEEN_KEY = "_seen"


class SlidingSessionMiddleware:
    """Place right after SessionMiddleware: marks a signed-in session modified when its expiry is due a refresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= REFRESH_SECONDS:
                session[SEEN_KEY] = now  # modified: SessionMiddleware saves it with a fresh expiry date
        return response


class PrivatePagesMiddleware:
    """Every answer to a signed-in user (pages and file downloads) is `Cache-Control: private, no-store`: a shared
    proxy or the browser's disk never keeps a registry page, an evidence file or an export after logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
