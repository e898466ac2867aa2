"""Which findings fail a check, and so its exit status: `--fail-on` and the config's `fail_on`.
Apart from the settings, so that the command line (whose `check` offers these choices) starts
without importing them: `--version` and `--help` read this module only."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimcite.model import Severity


class FailOn(str, enum.Enum):
    """The lowest severity that makes `check` exit with status 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"

    def fails(self, severity: Severity) -> bool:
        from claimcite.model import Severity

        if self is FailOn.NEVER:
            return False
        return severity.rank >= Severity(self.value).rank
