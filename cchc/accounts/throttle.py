"""Sign-in throttling across user names (password spraying), beside django-axes' per name and address rule.

django-axes counts failures per (user name, address) and locks that pair after ``AXES_FAILURE_LIMIT``; one
password tried across many user names from one address is never locked by it. Its failure records
(``AccessAttempt``, one per name, address and browser, in the database so that every server process sees
them) also tell how many *different* user names failed from an address within the cool-off: at
``LOGIN_SPRAY_LIMIT`` the address may not sign in until the oldest of those failures is older than the
cool-off. A success does not clear it (an attacker could sign in to an account of their own to reset it);
it clears only that user name's record, as axes does.
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def failed_usernames(ip_address: str | None, request: HttpRequest | None = None) -> int:
    """How many different user names failed to sign in from ``ip_address`` within the cool-off."""
    if not ip_address:
        return 0
    since = timezone.now() - get_cool_off(request)
    return (AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
            .values("username").distinct().count())


def spraying(request: HttpRequest) -> bool:
    """Whether the request's address has failed for ``LOGIN_SPRAY_LIMIT`` user names within the cool-off."""
    return failed_usernames(get_client_ip_address(request), request) >= settings.LOGIN_SPRAY_LIMIT
