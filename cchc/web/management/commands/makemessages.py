"""``makemessages`` that also extracts the texts the pure core marks with ``N_`` (cchc.core.i18n).

Django's command knows only ``gettext``/``gettext_lazy``/``_`` and friends; the core cannot call those
(it imports no Django), so its KPI names, 766 indicator names and error messages would be missing from
the catalogue. Run it from cchc/ as ``django-admin makemessages -l en --no-obsolete`` with the project's
settings (``make messages-update`` does).

It also extracts ``_kept``: the name modules give ``cchc.core.i18n.keeping(gettext)`` when they use it beside
a plain ``_`` (messages a background job stores, cchc.units.services, cchc.reporting.content).
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_", "--keyword=_kept"]
