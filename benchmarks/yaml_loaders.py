"""YAML loaders that keep line numbers, on 5,000 claims: why claimcite composes with libyaml.

Prints each loader's time and its ratio to the slowest. ruamel.yaml is measured
when it is installed (it is not a dependency).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import write_project


def timed(label: str, load: object, text: str, results: dict[str, float]) -> None:
    start = time.perf_counter()
    load(text)  # type: ignore[operator]
    results[label] = time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), 100, 5_000)
        text = (root / "claims" / "claims.yaml").read_text(encoding="utf-8")
    results: dict[str, float] = {}
    if hasattr(yaml, "CSafeLoader"):
        timed(
            "PyYAML compose, libyaml (claimcite)",
            lambda t: yaml.compose(t, Loader=yaml.CSafeLoader),
            text,
            results,
        )
    timed("PyYAML compose, pure Python", lambda t: yaml.compose(t, Loader=yaml.SafeLoader), text, results)
    try:
        from ruamel.yaml import YAML
    except ImportError:
        print("ruamel.yaml not installed: not measured")
    else:
        timed("ruamel.yaml round-trip (keeps lines)", YAML(typ="rt").load, text, results)
    slowest = max(results.values())
    for label, seconds in results.items():
        print(f"{label:40s} {seconds:6.3f}s  {seconds / slowest:5.2f} of the slowest")


if __name__ == "__main__":
    main()
