"""Bad input is a finding or one line on stderr, never a traceback: random and hostile files."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimcite.config import Settings
from claimcite.engine import run
from claimcite.files.contain import Area
from claimcite.load import authoryear, latex, markdown
from claimcite.load.claims import load_claims
from claimcite.pipeline import load_project
from claimcite.rules import ALL_RULES

TEXT = st.text(
    alphabet=st.sampled_from(list("@[]{}()\\;:,.-–%#$`*_<>!\"' \n\tabcKLM0123456789äé\f~^&=|/")),
    max_size=400,
)
FAST = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@FAST
@given(TEXT)
def test_scanners_take_any_text(text: str) -> None:
    markdown.scan(text)
    latex.scan(text)
    authoryear.scan(text)


@FAST
@given(st.binary(max_size=300))
def test_claim_files_take_any_bytes(tmp_path_factory: object, data: bytes) -> None:
    folder = Path(str(tmp_path_factory.mktemp("c")))  # type: ignore[attr-defined]
    (folder / "c.yaml").write_bytes(b"claims:\n" + data)
    load_claims(str(folder / "c.yaml"), "c.yaml", Area.of(str(folder)))


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(bib=TEXT, claims=TEXT, paper=TEXT)
def test_a_whole_check_takes_any_input(tmp_path_factory: object, bib: str, claims: str, paper: str) -> None:
    root = Path(str(tmp_path_factory.mktemp("p")))  # type: ignore[attr-defined]
    (root / "references.bib").write_text("@misc{a, title={T}}\n" + bib)
    (root / "claims").mkdir()
    (root / "claims" / "a.yaml").write_text("claims:\n  - id: x\n" + claims)
    for suffix in ("md", "tex", "txt"):
        (root / f"paper.{suffix}").write_text(paper)
    project = load_project(
        Settings(root=str(root)),
        [str(root / "claims"), str(root / "paper.md"), str(root / "paper.tex"), str(root / "paper.txt")],
    )
    run(project, ALL_RULES)
