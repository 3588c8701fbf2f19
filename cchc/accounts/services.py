"""Creating users with a role, from the CLI, the demo loader and the admin; who a unit's focal points are."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from cchc.core.errors import InvalidInput, Issue

from .choices import UNIT_SCOPED_ROLES, Role
from .models import Profile


@transaction.atomic
def create_user(
    *, username: str, password: str, role: str, unit: Model | None = None, full_name: str = "", email: str = "",
    check_password: bool = True,
):
    """Create (or update) a user with a role. A focal point needs a unit (a cchc.units Unit: accounts holds
    the foreign key but does not import the units app, which sits above it); province-wide roles don't."""
    issues = []
    if role not in Role.values:
        issues.append(Issue(_("Vai trò không hợp lệ: {role}.").format(role=role), field="role"))
    elif Role(role) in UNIT_SCOPED_ROLES and unit is None:
        issues.append(Issue(_("Đầu mối CCHC phải gắn với một đơn vị."), field="unit"))
    User = get_user_model()
    user = User.objects.filter(username=username).first() or User(username=username)
    if check_password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            issues.extend(Issue(str(m), field="password") for m in exc.messages)
    if issues:
        raise InvalidInput(issues=issues)
    first, _sep, last = full_name.rpartition(" ")
    user.first_name, user.last_name = first, last
    user.email = email
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "unit": unit})
    return user


def focal_point_emails(unit_ids: Iterable[int]) -> dict[int, list[str]]:
    """The e-mail addresses of the active focal points of each unit, sorted (a stable order for the
    message), in one query whatever the number of units; a unit without an address is absent."""
    rows = (get_user_model().objects.filter(is_active=True, profile__role=Role.FOCAL_POINT, profile__unit_id__in=list(unit_ids))
            .exclude(email="").values_list("profile__unit_id", "email"))
    found: dict[int, set[str]] = {}
    for unit_id, email in rows:
        if email.strip():
            found.setdefault(unit_id, set()).add(email.strip())
    return {unit_id: sorted(emails) for unit_id, emails in found.items()}
