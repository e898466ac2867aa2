from __future__ import annotations

from pathlib import Path

from claimcite.files.contain import Area
from claimcite.load.claims import load_claims
from claimcite.model import ProblemKind


def _load(tmp_path: Path, text: str | bytes, *, required: bool = True):  # type: ignore[no-untyped-def]
    path = tmp_path / "c.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return load_claims(str(path), "claims/c.yaml", Area.of(str(path.parent)), required=required)


def test_claims_with_their_lines(tmp_path: Path) -> None:
    loaded = _load(
        tmp_path,
        "document: m.md\nclaims:\n  - id: a\n    statement: One.\n    sources:\n      - k1\n"
        '      - key: k2\n        locator: 12\n        quote: "x y"\n  - id: b\n    statement: Two.\n'
        "    unsourced: gap\n",
    )
    assert loaded.problems == []
    assert loaded.document is not None and loaded.document[0] == "m.md"
    first, second = loaded.claims
    assert (first.id, first.statement, first.location.line) == ("a", "One.", 3)
    assert [(s.key, s.location.line, s.location.column) for s in first.sources] == [
        ("k1", 6, 9),
        ("k2", 7, 14),
    ]
    assert first.sources[1].locator == "12" and first.sources[1].quote == "x y"
    assert second.unsourced == "gap" and second.sources == ()


def test_schema_problems_point_at_their_line(tmp_path: Path) -> None:
    loaded = _load(
        tmp_path,
        "claims:\n  - statement: no id\n  - id: b\n    statment: typo\n  - id: c\n    statement: s\n"
        "    sources: {key: x}\n  - id: d\n    statement: s\n    sources: [x]\n    unsourced: both\n",
    )
    found = {(p.location.line, p.claim) for p in loaded.problems}
    assert (2, None) in found  # no id
    assert (4, "b") in found  # unknown field, with a suggestion
    assert (7, "c") in found  # sources is a mapping
    assert (11, "d") in found  # sources and unsourced
    assert all(p.kind is ProblemKind.SCHEMA for p in loaded.problems)
    typo = next(p for p in loaded.problems if p.location.line == 4)
    assert "did you mean 'statement'" in typo.message


def test_yaml_syntax_error_is_a_parse_problem(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "claims:\n  - id: x\n    statement: [unclosed\n")
    assert loaded.claims == []
    (problem,) = loaded.problems
    assert problem.kind is ProblemKind.PARSE
    assert problem.location.line == 3


def test_no_object_is_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    loaded = _load(
        tmp_path,
        f"claims:\n  - id: !!python/object/apply:os.system ['touch {marker}']\n"
        "    statement: s\n    unsourced: r\n",
    )
    assert not marker.exists()
    assert loaded.claims  # read as text or reported, never run


def test_non_utf8_bytes_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    loaded = _load(tmp_path, b"claims:\n  - id: a\n    statement: caf\xe9\n    unsourced: r\n")
    assert [c.id for c in loaded.claims] == ["a"]
    assert loaded.problems[0].kind is ProblemKind.PARSE
    assert loaded.problems[0].location.line == 3


def test_yaml_without_claims_found_in_a_folder_is_not_a_claim_file(tmp_path: Path) -> None:
    assert not _load(tmp_path, "name: ci\non: push\n", required=False).is_claim_file
    assert _load(tmp_path, "name: ci\n", required=True).problems


def test_empty_file_has_no_claims_and_no_problem(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "")
    assert loaded.claims == [] and loaded.problems == []


def test_a_yaml_syntax_error_is_placed_on_the_faulty_line(tmp_path: Path) -> None:
    """Not where the list it breaks starts (line 2): on the line that breaks it."""
    claims = "".join(f"  - id: c{i}\n    statement: S{i}.\n    unsourced: r\n" for i in range(6))
    loaded = _load(tmp_path, "claims:\n" + claims + "  - id: late\n   statement: one space short\n")
    (problem,) = loaded.problems
    assert (problem.location.line, problem.location.column) == (21, 4)
    assert "block collection that starts at line 2" in problem.message


def test_a_bracket_left_open_at_the_end_is_placed_where_it_opens(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "claims:\n  - id: x\n    statement: [unclosed\n\n\n")
    (problem,) = loaded.problems
    assert (problem.location.line, problem.location.column) == (3, 16)
    assert "at the end of the file" in problem.message
