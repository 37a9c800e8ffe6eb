"""Sessions expire after SESSION_COOKIE_AGE seconds without a request (issue: expiry after inactivity).

Django's SESSION_SAVE_EVERY_REQUEST would give that by writing the session row on every page, a write per
request on the busiest pages. Refreshing the expiry once every REFRESH_SECONDS gives the same rule to within
five minutes of an eight-hour window, at one write in many requests.
"""

import time

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
