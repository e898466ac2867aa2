"""Failures of the tool itself (exit status 2), never findings about the user's files."""

from __future__ import annotations


class ClaimciteError(Exception):
    """A condition that stops the run: bad option, missing bibliography, unreadable config."""


class ConfigError(ClaimciteError):
    """The configuration or the command line cannot be used."""


class InputError(ClaimciteError):
    """A required input is missing or cannot be opened at all."""


class OutputError(ClaimciteError):
    """The report or another output cannot be written."""
