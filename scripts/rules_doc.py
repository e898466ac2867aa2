"""Write docs/rules.md from the rules' own documentation (their docstrings), so that the docs,
`claimcite explain` and SARIF help come from one place.

    python scripts/rules_doc.py          # writes docs/rules.md
    python scripts/rules_doc.py --check  # exits 1 when docs/rules.md is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from claimcite.rules import ALL_RULES

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def render() -> str:
    out = [
        "# Rules",
        "",
        "Written by `scripts/rules_doc.py` from each rule's documentation; "
        "`claimcite explain RULE` prints the same text.",
        "",
        "| code | rule | default | what it flags |",
        "|---|---|---|---|",
    ]
    for rule in ALL_RULES:
        link = f"[`{rule.name}`](#{rule.code.lower()}-{rule.name})"
        out.append(f"| {rule.code} | {link} | {rule.severity.value} | {rule.summary} |")
    for rule in ALL_RULES:
        doc = re.sub(r"^## ", "### ", rule.doc, flags=re.MULTILINE)
        out += ["", f"## {rule.code} {rule.name}", "", f"Default severity: {rule.severity.value}.", "", doc]
    return "\n".join(out) + "\n"


def main() -> int:
    text = render()
    if "--check" in sys.argv:
        if not TARGET.is_file() or TARGET.read_text(encoding="utf-8") != text:
            print("docs/rules.md is out of date: run python scripts/rules_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
