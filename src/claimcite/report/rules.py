"""`claimcite rules` and `claimcite explain`: the rules' metadata and documentation, as a table
(or tab-separated lines where the output is no terminal) and as Markdown."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console

from claimcite.rules.base import Rule


def render_rules(rules: Iterable[Rule], console: Console) -> None:
    """One rule a line: code, name, default severity, what it flags."""
    if not console.is_terminal:
        for item in rules:
            console.file.write(f"{item.code}\t{item.name}\t{item.severity.value}\t{item.summary}\n")
        return
    from rich.table import Table

    table = Table(box=None, header_style="bold")
    for column in ("code", "name", "severity", "what it flags"):
        table.add_column(column)
    for item in rules:
        table.add_row(item.code, item.name, item.severity.value, item.summary)
    console.print(table)


def render_explain(rule: Rule, console: Console) -> None:
    """What a rule flags, why, an example and what to write instead: its docstring."""
    heading = f"{rule.code} {rule.name} (default severity: {rule.severity.value})"
    if console.is_terminal:
        from rich.markdown import Markdown  # only here: it costs a tenth of a second to import

        console.print(f"[bold]{heading}[/bold]\n")
        console.print(Markdown(rule.doc))
    else:
        console.file.write(f"# {heading}\n\n{rule.doc}\n")
