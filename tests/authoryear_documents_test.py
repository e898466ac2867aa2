"""Author-year citations of real reports, end to end: what is reported and what is not."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import Run

Cli = Callable[..., Run]

BIB = """@book{cbs2025, author = {{Centraal Bureau voor de Statistiek}}, title = {Jeugd}, year = {2025}}
@book{vws2020, author = {{Ministerie van Volksgezondheid, Welzijn en Sport}}, title = {Zorg}, year = {2020}}
@book{verweij2008, author = {Verweij, Sanne}, title = {Een}, year = {2008}}
@book{verweij2019, author = {Verweij, Sanne}, title = {Twee}, year = {2019}}
"""


def test_a_narrative_surname_missing_from_the_bibliography_is_reported(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "references.bib").write_text(BIB)
    (tmp_path / "report.txt").write_text(
        "As shown by Haverkamp (1994), reach is low. Het RIVM (2021) schrijft dit ook.\n"
        "Eerder onderzoek (Centraal Bureau voor de Statistiek [CBS], 2025) en later (CBS, 2025).\n"
        "Beleid (Ministerie van Volksgezondheid, Welzijn en Sport, 2020; Verweij, 2008; 2019).\n"
    )
    run = cli("check", "report.txt", "--format", "json", cwd=tmp_path)
    assert [(f["rule"], f["line"]) for f in run.findings()] == [("unresolved-citation", 1)], run.out
    assert "Haverkamp" in run.findings()[0]["message"]
    listing = cli("citations", "report.txt", "--format", "json", cwd=tmp_path)
    assert [(r["authors"], r["resolved"]) for r in listing.report["citations"]] == [
        (["Haverkamp"], None),
        (["Centraal Bureau voor de Statistiek [CBS]"], "cbs2025"),
        (["CBS"], "cbs2025"),
        (["Ministerie van Volksgezondheid, Welzijn en Sport"], "vws2020"),
        (["Verweij"], "verweij2008"),
        (["Verweij"], "verweij2019"),
    ]


# --- forms of typed-list reports, each linked to its item as an APA reader links it ------------

TYPED = """\
Een kwart groeit op in armoede (Redactie jeugd journaal, 2021). De meter leest op afstand
(meetwerk, z.d.). Wachtlijsten staan online (Wachtlijsten Jeugdzorg, z.d.). De app bundelt de
zorg (Zorgapp. z.d.). Het model ordent de wijk (Abba, 26 april 2022). De stichting meldt het
(Digital Bazaar, Inc. 2026). De coöperatie levert (Bakkerij Jansen GmbH & Co. KG, o. J.).
De werkgroep raadt het aan (W3C Credentials Community Group 2024). Een handreiking volgt
(*Omgaan met wachttijden*, 2024). Twee studies verschillen (Rösch, Frühschütz, et al., 2023;
Rösch, Icking, et al., 2023). De cijfers komen uit Kolommen (Matei & Bank, 2010).

## Referenzen

- Abba, I. (2022, 26 april). *Het wijkmodel*. Wijkblog.
- Bakkerij Jansen GmbH & Co. KG. (o. J.). *Over ons*. https://example.org/over
- Digital Bazaar, Inc. (2026). *Ondertekenen in de wijk*.
- Matei, G., & Bank, R. C. (2010). Kolommen. *Tijdschrift voor Data*, *1*(2), 3-16.
- meetwerk. (z.d.). *Meten op afstand*. https://example.org/meten
- *Omgaan met wachttijden*. (2024). Zorginstituut.
- Redactie jeugd journaal. (2021, 9 september). *Armoede in cijfers*.
- Rösch, R., Frühschütz, L., & Icking, J. (2023, August 9). *Wachten in de wijk*. Bureau.
- Rösch, R., Icking, J., & Rempe, C. (2023, Dezember). *Wachten thuis*. Bureau.
- W3C Credentials Community Group. (2024). *Bevoegdheden*.
- Wachtlijsten Jeugdzorg | Overzicht per gemeente. (z.d.). https://example.org/wachtlijsten
- Zorgapp. (z.d.). *Zorgapp*. https://example.org/app
"""


def test_each_form_of_a_typed_list_report_is_linked_to_its_item(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "rapport.md").write_text(TYPED)
    listing = cli("citations", "rapport.md", "--format", "json", cwd=tmp_path)
    assert [r["resolved"] for r in listing.report["citations"]] == [
        "redactiejeugdjournaal2021",
        "meetwerk-nd",
        "wachtlijstenjeugdzorgoverzichtpergemeente-nd",  # APA 8.14: a title shortened
        "zorgapp-nd",
        "abba2022",
        "digitalbazaarinc2026",
        "bakkerijjansengmbhcokg-nd",
        "w3ccredentialscommunitygroup2024",
        "omgaanmetwachttijden2024",
        "rosch2023",  # APA 8.18: the names that tell two works of one year apart
        "rosch2023-2",
        "matei2010",
    ]
    run = cli("check", "rapport.md", "--format", "json", cwd=tmp_path)
    # every item is cited; three citations have no comma before the year, unlike the others
    assert [(f["rule"], f["line"]) for f in run.findings()] == [
        ("citation-style", 3),  # (Zorgapp. z.d.)
        ("citation-style", 4),  # (Digital Bazaar, Inc. 2026)
        ("citation-style", 5),  # (W3C Credentials Community Group 2024)
    ], run.out


def test_a_name_in_lower_case_that_fits_no_item_is_no_citation(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "rapport.md").write_text(
        "Zo staat het in de wet (Wet op de jeugdzorg, 2015) en (interviews met ouders, 2019).\n\n"
        "## Literatuur\n\n- Abba, I. (2022). *Het wijkmodel*. Wijkblog.\n"
    )
    listing = cli("citations", "rapport.md", "--format", "json", cwd=tmp_path)
    assert listing.report["citations"] == []


def test_a_short_title_needs_two_words_and_the_words_of_the_name(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "rapport.md").write_text(
        "Een (Wachtlijsten, z.d.) en twee (Wachtlijsten Jeugd, z.d.).\n\n## Literatuur\n\n"
        "- Wachtlijsten Jeugdzorg | Overzicht per gemeente. (z.d.). https://example.org/wachtlijsten\n"
    )
    run = cli("check", "rapport.md", "--format", "json", cwd=tmp_path)
    assert [(f["rule"], f["column"]) for f in run.findings()] == [
        ("unresolved-citation", 6),
        ("unresolved-citation", 35),
        ("unused-entry", 3),
    ], run.out


def test_apa_brackets_a_year_inside_parentheses(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "example.bib").write_text(
        "@book{horst2020, author={Horst, A. and Hill, A. and Gorman, K.}, title={P}, year={2020}}\n"
        "@book{wickham2016, author={Wickham, H.}, title={G}, year={2016}}\n"
    )
    (tmp_path / "README.md").write_text(
        "The data come from two packages (by Horst et al. [2020] and Wickham [2016], respectively).\n"
    )
    run = cli("check", "README.md", "--bib", "example.bib", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out


def test_the_abstract_of_the_front_matter_cites_too(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "paper.md").write_text(
        "---\ntitle: Wachten\nabstract: |\n  Wachttijden nemen toe (Okafor 2017).\n---\n\n"
        "Geen citaten hier.\n\n"
        "# References\n\nOkafor, C. 2017. *Taal als drempel*. Movisie.\n"
    )
    listing = cli("citations", "paper.md", "--format", "json", cwd=tmp_path)
    assert [(r["line"], r["resolved"]) for r in listing.report["citations"]] == [(4, "okafor2017")]


def test_a_title_set_as_code_in_the_authors_place_cites_a_work_without_author(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "references.bib").write_text(
        "@online{koha, title={Über Koha}, url={https://example.org/koha}}\n"
        "@online{repos, title={Public Git Repositories - Koha Wiki}, year={2019}, url={https://example.org}}\n"
    )
    (tmp_path / "bericht.md").write_text(
        "Koha ist frei (`Über Koha`, o.J.), mit öffentlichen Repositorien\n"
        "(`Public Git Repositories - Koha Wiki`, 2019). Im Code `f(Koha, 2019)` steht keine.\n\n"
        "        Abb. 1 (`Berichte`, o.J.)\n"
    )
    listing = cli("citations", "bericht.md", "--format", "json", cwd=tmp_path)
    assert [(r["line"], r["resolved"]) for r in listing.report["citations"]] == [(1, "koha"), (2, "repos")]


# --- documents set to cite by key: author-year text is prose, as pandoc renders it ---------------


def test_a_book_chapter_without_keys_of_its_own_renders_typed_names_as_prose(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: book\nbibliography: refs.bib\n")
    (tmp_path / "refs.bib").write_text("@book{a, author={Okafor, C.}, title={T}, year={2017}}\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "maps.qmd").write_text("Ellipsoids of the IUGG (IUGG, 1980) and Knuth (1984).\n")
    listing = cli("citations", "chapters/maps.qmd", "--format", "json", cwd=tmp_path)
    assert listing.report["citations"] == []


def test_a_bookdown_chapter_finds_its_bibliography_in_index_rmd(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "_bookdown.yml").write_text("book_filename: libro\n")
    (tmp_path / "index.Rmd").write_text("---\ntitle: Libro\nbibliography: [book.bib]\n---\n\n# Prefacio\n")
    (tmp_path / "intro.Rmd").write_text("Como dice Knuth (1984), el código es literatura.\n")
    listing = cli("citations", "intro.Rmd", "--format", "json", cwd=tmp_path)
    assert listing.report["citations"] == []


def test_a_book_without_a_bibliography_reads_its_typed_citations(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("project:\n  type: book\n")
    (tmp_path / "rapport.qmd").write_text(
        "Taal is een drempel (Okafor, 2017).\n\n## Literatuur\n\nOkafor, C. (2017). *Taal*. Movisie.\n"
    )
    listing = cli("citations", "rapport.qmd", "--format", "json", cwd=tmp_path)
    assert [r["resolved"] for r in listing.report["citations"]] == ["okafor2017"]


def test_pandoc_output_that_still_names_its_bibliography_cites_in_author_year(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "paper.md").write_text(
        "---\nbibliography: C:/Users/me/AppData/Local/Temp/references.bib\n---\n\n"
        "As argued before (Okafor 2017).\n\n::: {#refs .references}\n::: {#ref-okafor2017 .csl-entry}\n"
        "Okafor, Chidi. 2017. *Taal als drempel*. Movisie.\n:::\n:::\n"
    )
    listing = cli("citations", "paper.md", "--format", "json", cwd=tmp_path)
    assert [r["resolved"] for r in listing.report["citations"]] == ["okafor2017"]


def test_a_group_name_with_a_lower_case_word_is_read_whole_when_it_fits(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "seite.md").write_text(
        "Der Drahtwurm frisst (Land schafft Leben, o. J.). Die Knolle (see Land schafft Leben, o. J.).\n"
        "Der Erfinder (creator of Python, 2006) und (Er liebt Leben, 2019).\n\n"
        "## Literatur\n\n"
        "- Land schafft Leben. (o. J.). *Kartoffel Herstellung*. https://example.org/k\n"
        "- Leben, A. (2019). *Ein Buch*. Verlag.\n"
    )
    listing = cli("citations", "seite.md", "--format", "json", cwd=tmp_path)
    assert [(r["authors"], r["resolved"]) for r in listing.report["citations"]] == [
        (["Land schafft Leben"], "landschafftleben-nd"),
        (["Land schafft Leben"], "landschafftleben-nd"),
        (["Leben"], "leben2019"),  # near miss: the whole fits nothing, its last word does
    ], listing.out
    run = cli("check", "seite.md", "--format", "json", cwd=tmp_path)
    assert run.findings() == [], run.out


# --- typed citations of Word manuscripts (read as plain text), each linked to its item --------

WORD_TYPED = """\
Rodents carry zoonoses (Gibb, Gregory F. Albery, et al., 2021b; Albery and Becker, 2021). Names
follow GBIF (GBIF: The Global Biodiversity Information Facility, 2021b) and its downloads (GBIF:
The Global Biodiversity Information Facility, 2021a). Spillover is costly (Bernstein et al., no
date). Contrasts are computed (Arel-Bundock et al., Forthcoming). Survival varied (Scheuerell et
al. 2009, Gosselin et al. 2018). Further, Sheeks and Birchmeier's (2007) found that shy people
prefer text. Networks vary (Silva, Rodrigues, Oliveira, & da F. Costa, 2013). Counts came from
USDA-NASS (2017). Again, Okafor and Jansen (2017) disagree.

Please cite this article as: Pargent, F., Koch, T., & Gaube, S. (2024). A tutorial. AMPPS, 7(4).

References

Albery, G. F. and Becker, D. J. (2021) 'Fast-lived Hosts', Trends in Parasitology, 37(2), pp.
117-129.

Arel-Bundock, V., Greifer, N., & Heiss, A. (Forthcoming). How to interpret models. Journal of
Statistical Software.

Bernstein, A. S., Ando, A. W. and Loch-Temzelides, T. (no date) 'The costs of prevention',
Science Advances.

GBIF: The Global Biodiversity Information Facility (2021a) 'Occurrence Download'. GBIF. doi:
10.15468/DL.S52MEH.

GBIF: The Global Biodiversity Information Facility (2021b) 'The Global Biodiversity
Information Facility'. Available at: https://www.gbif.org/.

Gibb, R., Albery, Gregory F., et al. (2021b) 'Mammal virus diversity estimates', Biology
Letters, 18(1), p. 20210427.

Gibb, R., Albery, Gregory F., et al. (2021a) 'Data Proliferation', BioScience, 71(11), pp.
1148-1156.

Gosselin, J. L., Buhle, E. R., & Anderson, J. J. (2018). Fitting a model. Ecological
Modelling, 1, 1-2.

Scheuerell, M. D., Zabel, R. W., & Sandford, B. P. (2009). Relating migration timing. Journal
of Applied Ecology, 46, 983-990.

Sheeks, M. S., & Birchmeier, Z. P. (2007). Shyness. CyberPsychology & Behavior, 10(1), 64-70.

Silva, F. N., Rodrigues, F. A., Oliveira, O. N., & da F. Costa, L. (2013).
Interdisciplinarity. Journal of Informetrics, 7(2), 469-477.

United States Department of Agriculture-National Agricultural Statistics Service -USDA-NASS
(2017) Northern Plains Regional Field Office. http://www.nass.usda.gov
"""


def test_typed_forms_of_word_manuscripts_are_linked_to_their_items(cli: Cli, tmp_path: Path) -> None:
    """Near misses: a real citation of a work the list lacks beside them (`Okafor and Jansen`) is
    still reported, and the list item cited once only (`gibb2021a`) is still unused."""
    (tmp_path / "paper.txt").write_text(WORD_TYPED)
    listing = cli("citations", "paper.txt", "--format", "json", cwd=tmp_path)
    assert [r["resolved"] for r in listing.report["citations"]] == [
        "gibb2021b",
        "albery2021",
        "gbiftheglobalbiodiversityinformationfacility2021b",
        "gbiftheglobalbiodiversityinformationfacility2021a",
        "bernstein-nd",
        "arelbundock-inpress",
        "scheuerell2009",
        "gosselin2018",
        "sheeks2007",
        "silva2013",
        "usdanass2017",
        None,
    ]
    run = cli("check", "paper.txt", "--format", "json", cwd=tmp_path)
    found = [
        (f["rule"], f["line"]) for f in run.findings() if f["rule"] not in ("et-al-misuse", "citation-style")
    ]
    assert found == [("unresolved-citation", 7), ("unused-entry", 31)], run.out


def test_one_name_and_et_al_is_the_work_of_three_or_more(cli: Cli, tmp_path: Path) -> None:
    """`(Aryani et al. 2018)` beside Aryani and Jacobs's work of 2018 is the four authors' work
    (Chicago and APA write et al. for three or more); near miss: with that work alone, the
    citation is still read as it, and et-al-misuse says so."""
    two = "Aryani, Arash, and Arthur M. Jacobs. 2018. “Affective Congruence.” Frontiers 9: 1.\n\n"
    four = "Aryani, Arash, Markus Conrad, David Schmidtke, and Arthur Jacobs. 2018. “Why Rude.” Ling 4: 2.\n"
    for items, expected in ((two + four, "aryani2018-2"), (two, "aryani2018")):
        (tmp_path / "paper.txt").write_text(f"Affect (Aryani et al. 2018).\n\nReferences\n\n{items}")
        listing = cli("citations", "paper.txt", "--format", "json", cwd=tmp_path)
        assert [r["resolved"] for r in listing.report["citations"]] == [expected]
    rules = [f["rule"] for f in cli("check", "paper.txt", "--format", "json", cwd=tmp_path).findings()]
    assert rules == ["et-al-misuse"]


_THREE = """
@article{maldonado2017, author = {Maldonado, A. and Armelini, G. and Guevara, J.}, title = {Admission},
  journal = {J}, year = {2017}}
@article{smith2019, author = {Smith, A.}, title = {One}, journal = {J}, year = {2019}}
@article{jones2018, author = {Jones, B.}, title = {Two}, journal = {J}, year = {2018}}
@article{dalton2020, author = {Dalton, A. and Evans, B. and Ford, C. and Gale, D.}, title = {Four},
  journal = {J}, year = {2020}}
"""


def _et_al_findings(cli: Cli, tmp_path: Path, text: str) -> list[tuple[int, str]]:
    (tmp_path / "refs.bib").write_text(_THREE, encoding="utf-8")
    (tmp_path / "paper.txt").write_text(text, encoding="utf-8")
    run = cli("check", "paper.txt", "--bib", "refs.bib", "--format", "json", "--no-cache", cwd=tmp_path)
    return [(f["line"], f["message"]) for f in run.findings("et-al-misuse")]


def test_apa_6_names_three_to_five_authors_at_the_first_citation_only(cli: Cli, tmp_path: Path) -> None:
    apa6 = "First (Maldonado, Armelini, & Guevara, 2017).\nLater (Maldonado et al., 2017).\n"
    assert _et_al_findings(cli, tmp_path, apa6) == []
    again = apa6 + "Once more (Maldonado, Armelini, & Guevara, 2017).\n"
    assert [line for line, _ in _et_al_findings(cli, tmp_path, again)] == [3]
    # near miss: named in full and never with et al., the document follows APA 7's rule
    apa7 = "First (Maldonado, Armelini, & Guevara, 2017). Other (Smith, 2019).\n"
    assert [line for line, _ in _et_al_findings(cli, tmp_path, apa7)] == [1]


def test_chicago_author_date_leaves_three_authors_to_its_edition(cli: Cli, tmp_path: Path) -> None:
    """Chicago 17 names three authors in full, Chicago 18 writes et al.: in a document with no
    comma before the year, a work of three is not judged either way; of two or of four it is."""
    others = "".join(f"Claim {n} (Smith 2019; Jones 2018).\n" for n in range(5))
    chicago = (
        others
        + "Named (Maldonado, Armelini, and Guevara 2017).\nShort (Maldonado et al. 2017).\n"
        + "Pair (Smith et al. 2019).\nFour (Dalton, Evans, Ford, and Gale 2020).\nBare (Maldonado 2017).\n"
    )
    assert _et_al_findings(cli, tmp_path, chicago) == [
        (8, "'et al.' for a work with 1 author: write Smith"),
        (9, "4 names for a work with 4 authors: write Dalton et al."),
        (10, "1 name for a work with 3 authors: write Maldonado et al."),
    ]
    # near miss: the same citations with APA's comma before the year are held to APA 7 (without
    # the later `et al.`, which would make it APA 6)
    apa = chicago.replace(" 2019)", ", 2019)").replace(" 2018)", ", 2018)").replace(" 2017)", ", 2017)")
    apa = apa.replace(" 2020)", ", 2020)").replace("Short (Maldonado et al., 2017).\n", "")
    assert [line for line, _ in _et_al_findings(cli, tmp_path, apa)] == [6, 7, 8, 9]
