"""Surnames for duplicate-entry: names whose braces only spell letters are decoded and split as
plain text, without pybtex's Person; every other name as pybtex reads it, and both agree."""

from __future__ import annotations

from typing import Any

import pytest

from claimcite.load import tex

ACCENTED = [
    "Ko{\\c{c}}ak, Yasemin and de Bruijn, Els",
    'M{\\"u}ller, A. and van Leeuwen, B.',
    "Jean de la Fontaine and {\\'E}mile Zola",
    "Ko{\\c c}ak, Y.",
    "d{\\'e}j{\\`a} Vu, A.",
    "{\\O}stergaard, K and others",
    '{\\"O}zt{\\"u}rk, Ali and {\\"{O}}zt{\\"{u}}rk, Veli',
]
PROTECTED = [  # near misses: a group or a command that pybtex's rules must split
    "{Centraal Bureau voor de Statistiek}",
    "{van} Leeuwen, A.",
    "Maria {de la} Cruz",
    "\\'{E}mile Zola",
    "Ko\\c{c}ak, Y.",
    "family=Bruijn, given=Els, prefix=de",
    "{\\relax Ch}ristopher Smith",
]


def _by_pybtex(value: str) -> tuple[str, ...]:
    return tuple("others" if p.is_others else f"{p.von} {p.last}".strip() for p in tex.parse_names(value))


def _persons_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import pybtex.database

    built: list[str] = []
    original = pybtex.database.Person

    class Counting(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            built.append(str(args[0]) if args else "")
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(pybtex.database, "Person", Counting)
    return built


@pytest.mark.parametrize("value", ACCENTED + PROTECTED)
def test_surnames_agree_with_pybtex(value: str) -> None:
    tex.surnames.cache_clear()
    assert tex.surnames(value) == _by_pybtex(value)


def test_accented_names_build_no_person(monkeypatch: pytest.MonkeyPatch) -> None:
    built = _persons_built(monkeypatch)
    tex.surnames.cache_clear()
    tex.parse_names.cache_clear()
    for value in ACCENTED:
        tex.surnames(value)
    assert built == []
    for value in PROTECTED[:3]:
        tex.surnames(value)
    assert built  # the probe sees pybtex at work where it is needed
