"""`check --statistics`: the number of findings per rule, most frequent first, as `ruff
--statistics` prints them."""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from claimcite.findings import Result
from claimcite.report import How


def render(result: Result, stream: TextIO, how: How) -> None:
    counts = Counter((finding.code, finding.rule, finding.severity.value) for finding in result.findings)
    for (code, rule, severity), count in sorted(counts.items(), key=lambda item: (-item[1], item[0][0])):
        stream.write(f"{count:>5}\t{code}\t{rule}\t{severity}\n")
