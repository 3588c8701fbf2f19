from __future__ import annotations

from . import twofactor


def two_factor_state(sender, request, user, **kwargs) -> None:
    """At sign-in, decide once whether this session still owes a code or a device (cchc.accounts.twofactor)."""
    if request is None or not hasattr(request, "session"):
        return
    state = twofactor.state_at_login(user)
    if state:
        request.session[twofactor.SESSION_KEY] = state
    else:
        request.session.pop(twofactor.SESSION_KEY, None)
