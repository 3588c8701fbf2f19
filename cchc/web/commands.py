"""The base of every `cchc` command: its help text may be a lazy translation."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class CchcCommand(BaseCommand):
    """A management command whose ``help`` is ``gettext_lazy(...)``: argparse needs a real string, so the
    text is resolved in the active language when the parser is built."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
