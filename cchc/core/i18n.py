"""Marking user-facing text in the pure core for translation, without importing Django.

The core holds Vietnamese names and messages (KPI and 766 indicator names, the messages of its
exceptions) but must not translate them: it does not know the reader's language, and a translation made
at import time would freeze the language of the first request. ``N_`` is the identity; it only marks
its argument so that ``makemessages`` extracts it (the project's ``makemessages`` command adds
``--keyword=N_``, see cchc/web/management/commands/makemessages.py). The edge (pages, API, CLI,
documents) translates the marked text with ``gettext`` in the reader's language, and fills in any
``{parameters}`` after translating: either by calling ``gettext`` itself (KPI names, cchc.analytics.choices)
or through the translation function it installs here (``install``), which the core's exceptions use when
their message is read. Messages that are stored (an import's errors) keep their id and parameters
(``Message``, ``stored``) and are rendered again in each reader's language (``render``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def N_(message: str) -> str:
    """Mark ``message`` for extraction; return it unchanged (translated later, at the edge)."""
    return message


def _as_is(message: str) -> str:
    return message


_translate: Callable[[str], str] = _as_is


def install(translate: Callable[[str], str]) -> Callable[[str], str]:
    """The edge's ``gettext``, installed once at start-up (cchc.web.apps): the core's messages (error texts,
    the row and field of an issue) are then shown in the language active when they are *read*, not
    when they were raised. Without it they stay Vietnamese. Returns the function it replaces."""
    global _translate
    previous, _translate = _translate, translate
    return previous


def translate(message: str) -> str:
    """``message`` (a message id) in the reader's language, through the installed ``gettext``."""
    return _translate(message)


class Message(str):
    """A translated text that remembers its message id and parameters.

    It behaves as the text it was translated to (so callers that show it see no difference), and it can
    be stored (``stored``) and shown again later in another reader's language (``render``): an import
    runs as a background job in the default language, while its errors are read by users of both.
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, text: str, msgid: str, params: Mapping[str, Any] | None = None) -> Message:
        obj = super().__new__(cls, text)
        obj.msgid = msgid
        obj.params = dict(params or {})
        return obj

    def format(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        text = str.format(self, *args, **kwargs)
        return Message(text, self.msgid, kwargs) if not args else text


def keeping(gettext: Callable[[str], str]) -> Callable[[str], Message]:
    """A ``gettext`` whose results are ``Message``s: ``_ = keeping(gettext)`` in a module whose messages
    are stored (cchc.dossiers.ingest) keeps each message's id and parameters with its text."""

    def _(msgid: str) -> Message:
        return Message(gettext(msgid), msgid)

    return _


def stored(message: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A message as plain JSON: its id and parameters (parameters that are messages nested the same way);
    a plain text is kept as it is, as its own id."""
    msgid = getattr(message, "msgid", message)
    given = getattr(message, "params", {}) if params is None else params
    return {"message": msgid, "params": {k: _stored_value(v) for k, v in given.items()}}


def _stored_value(value: Any) -> Any:
    if isinstance(value, Message):
        return stored(value)
    if isinstance(value, Mapping):  # stored already
        return dict(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def render(entry: Mapping[str, Any] | str, translate_with: Callable[[str], str] | None = None) -> str:
    """A stored message (``stored``) in the reader's language; a plain string is translated as it is."""
    tr = translate_with or translate
    if isinstance(entry, str):
        return tr(entry)
    params = {k: render(v, tr) if isinstance(v, dict) else v for k, v in (entry.get("params") or {}).items()}
    text = tr(entry["message"])
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder: say it in Vietnamese
        return entry["message"].format(**params)
