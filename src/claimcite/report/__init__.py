"""One module per output format; each writes findings to a stream it is given."""

from __future__ import annotations

import enum


class Format(str, enum.Enum):
    """Output formats of `claimcite check`."""

    TERMINAL = "terminal"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"
    GITHUB = "github"
    MARKDOWN = "markdown"
    HTML = "html"


# the formats that show the claims ledger (claimcite.ledger), which is built for them alone
WITH_LEDGER = frozenset({Format.MARKDOWN, Format.HTML})
