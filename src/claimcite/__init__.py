"""claimcite: check claims and citations against their sources."""

from __future__ import annotations

__version__ = "0.1.0"
