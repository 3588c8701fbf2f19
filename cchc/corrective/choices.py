"""The vocabulary of corrective actions: the states of cchc.core.corrective.State paired once with their
labels, translated lazily in the reader's language (pages, forms, the API, the audit history)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.core.corrective import State


class ActionState(models.TextChoices):
    """Where a corrective action stands (cchc.core.corrective.next_state moves it)."""

    REQUIRED = State.REQUIRED, _("Chờ đơn vị giải trình")
    SUBMITTED = State.SUBMITTED, _("Chờ Sở Nội vụ xác nhận")
    DONE = State.DONE, _("Đã khắc phục")


#: The states in which the action still waits for someone (the unit or the PAR officer).
OPEN_STATES = (ActionState.REQUIRED, ActionState.SUBMITTED)
#: The filters of a list of actions (the page's and the API's): the open ones, each state, or all.
STATE_FILTERS = {"open": OPEN_STATES, **{s.value: (s,) for s in ActionState}, "all": tuple(ActionState)}
