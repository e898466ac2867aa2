"""Author-year citations in running text, and what is not one."""

from __future__ import annotations

import pytest

from claimcite.load.authoryear import scan


def cites(text: str) -> list[tuple[tuple[str, ...], bool, str, str, bool]]:
    return [(c.authors, c.et_al, c.year, c.locator, c.narrative) for c in scan(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Koçak & Jonkman, 2016)", [(("Koçak", "Jonkman"), False, "2016", "", False)]),
        (
            "(Bruijn & Friedel, 2018; Hulshof et al. 2021)",
            [(("Bruijn", "Friedel"), False, "2018", "", False), (("Hulshof",), True, "2021", "", False)],
        ),
        ("Hulshof et al. (2021) found", [(("Hulshof",), True, "2021", "", True)]),
        ("Koçak en Jonkman (2016)", [(("Koçak", "Jonkman"), False, "2016", "", True)]),
        ("Müller und Weber (2020)", [(("Müller", "Weber"), False, "2020", "", True)]),
        ("(Aho u. a. 2023)", [(("Aho",), True, "2023", "", False)]),
        ("(Smit e.a., 2019)", [(("Smit",), True, "2019", "", False)]),
        (
            "(Smith, 2020a, 2020b)",
            [(("Smith",), False, "2020a", "", False), (("Smith",), False, "2020b", "", False)],
        ),
        ("(Smith, n.d.)", [(("Smith",), False, "n.d.", "", False)]),
        ("(Smith, 2020, p. 12)", [(("Smith",), False, "2020", "p. 12", False)]),
        ("(Smith 2020: 45)", [(("Smith",), False, "2020", "45", False)]),
        ("(Jansen, 2019, blz. 3)", [(("Jansen",), False, "2019", "blz. 3", False)]),
        ("(Schulz 2018, S. 12f.)", [(("Schulz",), False, "2018", "S. 12f.", False)]),
        ("(see Smith, Jones, & Brown, 2020)", [(("Smith", "Jones", "Brown"), False, "2020", "", False)]),
        ("(van der Berg, 2020)", [(("van der Berg",), False, "2020", "", False)]),
        ("De Bruijn (2018) stelt", [(("De Bruijn",), False, "2018", "", True)]),
        ("Smith's (2020) study", [(("Smith",), False, "2020", "", True)]),
        ("(Bruijn &\nFriedel, 2018)", [(("Bruijn", "Friedel"), False, "2018", "", False)]),
        ("Finally, Peikert & Brandmaier (2019) show", [(("Peikert", "Brandmaier"), False, "2019", "", True)]),
    ],
)
def test_citations(text: str, expected: list[tuple[tuple[str, ...], bool, str, str, bool]]) -> None:
    assert cites(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "(zie paragraaf 5.1)",
        "(n = 312)",
        "(18%)",
        "In 2020 the rate rose.",
        "(Juni 2020)",
        "(March 2019)",
        "(Figure 3, 2020)",
        "(zie figuur 2) met 12% (n = 40) tussen 2019 en 2021.",
        "between 2019 and 2021 (p < .05)",
        "(2020)",
    ],
)
def test_not_citations(text: str) -> None:
    assert cites(text) == []


def test_a_single_name_before_a_year_is_tentative() -> None:
    (found,) = scan("het RIVM (2021) schrijft")
    assert found.tentative
    (found,) = scan("Hulshof et al. (2021)")
    assert not found.tentative


def test_style_traits() -> None:
    first, second = scan("(Bruijn & Friedel, 2018; Hulshof et al. 2021)")
    assert "parenthetical:separator:comma" in first.style and "parenthetical:connector:&" in first.style
    assert "parenthetical:separator:space" in second.style and "et-al:et al." in second.style


def test_linear_time_on_hostile_input() -> None:
    scan("(" + "Smith, " * 3000 + "2020)" + " (A & " * 3000)
