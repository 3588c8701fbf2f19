"""The base of every ``cchc`` command: lazy help text, and refusals mapped once (cchc.platform.errors)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, SystemCheckError

from cchc.core.errors import DomainError

from .errors import exit_with


class CchcCommand(BaseCommand):
    """A management command of CCHC.

    ``help`` may be ``gettext_lazy(...)``: argparse needs a real string, so the text is resolved in the
    active language when the parser is built. A :class:`DomainError` escaping ``handle`` ends the command
    through :func:`~cchc.platform.errors.exit_with` (each issue on stderr, then the count, exit code 1), so no
    command catches it itself. ``refused`` words the count line of an InvalidInput for what the command
    writes ("… không ghi hồ sơ nào.")."""

    refused: str | None = None

    def create_parser(self, prog_name, subcommand, **kwargs):
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except SystemCheckError:
            raise
        except (DomainError, CommandError) as exc:
            if options.get("traceback"):
                raise
            exit_with(exc, self.stderr, summary=self.refused,
                      from_command_line=getattr(self, "_called_from_command_line", False))
