"""The choices of what notices to get and how, one channel and one frequency per kind."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .choices import Channel, Frequency, Kind


class PreferencesForm(forms.Form):
    """Fields ``channel_<kind>`` and ``frequency_<kind>`` for every kind, filled with the person's choices."""

    def __init__(self, *args, choices: dict[str, tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            channel, frequency = choices[kind.value]
            self.fields[f"channel_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Channel.choices, initial=channel,
                widget=forms.Select(attrs={"aria-label": format_lazy("{}: {}", kind.label, _("Nhận qua"))}))
            self.fields[f"frequency_{kind.value}"] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=frequency,
                widget=forms.Select(attrs={"aria-label": format_lazy("{}: {}", kind.label, _("Tần suất e-mail"))}))

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(kind's label, its channel field, its frequency field), in the order of the kinds."""
        return [(kind.label, self[f"channel_{kind.value}"], self[f"frequency_{kind.value}"]) for kind in Kind]

    def chosen(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {kind.value: (data[f"channel_{kind.value}"], data[f"frequency_{kind.value}"]) for kind in Kind}
