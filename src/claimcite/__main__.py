from __future__ import annotations

from claimcite.cli import main

main()
