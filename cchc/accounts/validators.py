"""Password rules whose refusals read in Vietnamese.

Django 5.2 reworded MinimumLengthValidator's message (``%d`` instead of ``%(min_length)d``) and its
Vietnamese catalogue has only the old wording, so a too-short password was refused in English.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return ngettext(
            "Mật khẩu quá ngắn: cần ít nhất {n} ký tự.", "Mật khẩu quá ngắn: cần ít nhất {n} ký tự.", self.min_length
        ).format(n=self.min_length)
