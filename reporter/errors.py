"""Errors meant for people: one line naming the file, the row or field, and what to do.

Every user mistake raises a subclass of ``ReporterError``; click prints its message
without a traceback and exits non-zero.
"""

from __future__ import annotations

from pathlib import Path

import click


class ReporterError(click.ClickException):
    """Base class for every error caused by input or configuration, not by a bug."""

    exit_code = 1


class InputError(ReporterError):
    """A file that cannot be used: names the file, and the row and field where known."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path)
        self.row = row
        self.field = field
        self.problem = problem
        where = self.path
        if row is not None:
            where += f", row {row}"
        if field is not None:
            where += f", field '{field}'"
        message = f"{where}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class ConfigError(ReporterError):
    """Configuration (registry, rules, bands) that does not validate; lists every problem."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        joined = "; ".join(problems)
        super().__init__(f"{self.path}: {joined}")


class NoDataError(ReporterError):
    """The store holds nothing for the asked period."""
