"""Which sentence segmenter splits report prose best? claimcite's own against pysbd and syntok.

The test text is Dutch, German and English prose written for this comparison, in the
style of research reports: abbreviations (`bijv.`, `d.w.z.`, `z.B.`, `u.a.`, `e.g.`, `et al.`,
`Dr.`, `p.`), citations in every syntax claimcite reads (`(Smit e.a., 2019)`, `[@a]`,
`@b2020 shows`, `\\citet{b}`), and sentences that start with a citation or a lower-case name
particle (`de Bruijn (2020) stelt`). Each sentence is given; the text is the sentences joined by
a space, and a segmenter is scored on the sentence starts it finds (precision, recall, F1), and
timed on the text repeated to 1 MB.

    python scripts/sentence_segmenters.py

pysbd and syntok are not dependencies of claimcite: install them to compare
(`pip install pysbd syntok`); a segmenter that is not installed is skipped.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable

from claimcite.load.documents import sentences
from claimcite.load.text import LineIndex

DUTCH = [
    "Cliëntondersteuning bereikt mensen met een migratieachtergrond minder vaak (Hulshof e.a., 2021).",
    "Dat geldt bijv. voor ouderen, d.w.z. mensen van 75 jaar en ouder.",
    "de Bruijn (2020) stelt dat de taalbarrière een grote rol speelt.",
    "Volgens het RIVM (2021) is er geen landelijk beeld.",
    "Zie ook blz. 12 van het rapport van Koçak en Jonkman (2016).",
    "Gemeenten verschillen sterk, o.a. in de inzet van tolken.",
    "@kocak2016 beschrijft de knelpunten in de wijkteams.",
    "Er zijn ca. 40 gesprekken gevoerd met professionals (n = 40).",
    "Dr. Jansen wijst erop dat de wachttijden toenemen.",
    "van der Heijden en Oud (2019) vonden hetzelfde in drie regio's.",
    "Het aantal meldingen steeg met 12% tussen 2019 en 2021 (zie fig. 3).",
    "Prof. De Vries noemt dat een zorgelijke ontwikkeling.",
    "[@bruijn2018; @hulshof2021] geven een overzicht van het onderzoek.",
    "Dit is m.a.w. een structureel probleem.",
    "Meer onderzoek is nodig, vgl. Smit e.a. (2019).",
    # written after the segmenter was tuned on the sentences above: a held-out check
    "Het gaat om ongeveer 1.200 huishoudens in vier gemeenten.",
    "In hoofdstuk 3 (p. 27) staan de resultaten per gemeente.",
    "ter Horst (2017) wijst op de rol van vrijwilligers.",
    "De vragenlijst is ingevuld door 212 respondenten, nl. 58% van de steekproef.",
    "Wat betekent dit voor de praktijk?",
    "[-@kocak2016, p. 4] noemen dit een blinde vlek.",
]
GERMAN = [
    "Die Beratung im Quartier wirkt (Schäfer, 2014).",
    "Das gilt z.B. für ältere Menschen mit geringen Deutschkenntnissen.",
    "von Humboldt (1810) beschreibt die Idee der Universität.",
    "Die Ergebnisse sind u.a. in Tab. 2 dargestellt.",
    "Laut Müller u. a. (2020) steigen die Wartezeiten.",
    "\\citet{weber2019} zeigt, dass die Sprache eine Hürde ist.",
    "Siehe dazu S. 45 der Studie.",
    "Dr. Weber nennt das ein strukturelles Problem.",
    "Es wurden ca. 300 Personen befragt, d.h. alle Klienten eines Jahres.",
    "Nach Schulz (2018, S. 12f.) ist die Lage unverändert.",
    "Die Kommunen unterscheiden sich stark, vgl. Abb. 4.",
    "Insgesamt ergibt sich ein gemischtes Bild (Aho u. a. 2023).",
    # held out
    "Im Jahr 2020 wurden ca. 1.500 Anträge gestellt.",
    "zu Guttenberg (2009) wird hier nicht berücksichtigt.",
    "Wie lässt sich das erklären?",
    "Die Daten stammen aus dem Mikrozensus, Bd. 3.",
    "Vgl. hierzu Kap. 4 und Anh. B.",
]
ENGLISH = [
    "Client support reaches people with a migration background less often (Hulshof et al., 2021).",
    "This holds, e.g., for older people, i.e. those aged 75 and over.",
    "@smith2020 shows that language is a barrier.",
    "Dr. Smith and Prof. Jones disagree on this point.",
    "The effect was small (p. 12; see Fig. 3).",
    "de Bruijn (2020) argues the opposite.",
    "Waiting lists grew in most municipalities, cf. Smith et al. (2019).",
    "[@a; @b, pp. 33-35] review the evidence.",
    "The sample held approx. 300 people.",
    "\\citet{b} found the same in three regions.",
    "Most teams use interpreters, see Vol. 2 of the report.",
    "St. John's hospital took part in the study.",
    "Results are mixed (Okafor & Lindqvist, 2017).",
    # held out
    "The U.S. data tell a different story.",
    "Why does reach differ so much between cities?",
    "von Neumann (1945) proposed the architecture.",
    "See Table 2, col. 3, for the figures.",
    "It rose by 3.5 percent in 2021.",
]


def gold(parts: list[str]) -> tuple[str, set[int]]:
    text = " ".join(parts)
    starts: set[int] = set()
    offset = 0
    for part in parts:
        starts.add(offset)
        offset += len(part) + 1
    return text, starts - {0}


def claimcite(text: str) -> set[int]:
    return {s.start for s in sentences(text, "t", LineIndex(text))} - {0}


def pysbd_for(language: str) -> Callable[[str], set[int]]:
    import pysbd  # type: ignore[import-not-found, unused-ignore]

    segmenter = pysbd.Segmenter(language=language, clean=False, char_span=True)

    def split(text: str) -> set[int]:
        return {span.start for span in segmenter.segment(text)} - {0}

    return split


def syntok(text: str) -> set[int]:
    from syntok import segmenter  # type: ignore[import-not-found, unused-ignore]

    starts = set()
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            starts.add(sentence[0].offset)
    return starts - {0}


def score(found: set[int], want: set[int]) -> tuple[float, float, float]:
    right = len(found & want)
    precision = right / len(found) if found else 1.0
    recall = right / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    corpora = {"nl": DUTCH, "de": GERMAN, "en": ENGLISH}
    names = ["claimcite"]
    if importlib.util.find_spec("pysbd"):
        names.append("pysbd")
    if importlib.util.find_spec("syntok"):
        names.append("syntok")
    print(f"{'segmenter':<10} {'lang':<4} {'precision':>9} {'recall':>7} {'F1':>5}  {'s per MB':>8}")
    for name in names:
        totals = [0, 0, 0]
        for language, parts in corpora.items():
            split: Callable[[str], set[int]] = {
                "claimcite": claimcite,
                "pysbd": lambda text, language=language: pysbd_for(language)(text),
                "syntok": syntok,
            }[name]
            if name == "pysbd":
                split = pysbd_for(language)
            text, want = gold(parts)
            found = split(text)
            precision, recall, f1 = score(found, want)
            totals[0] += len(found & want)
            totals[1] += len(found)
            totals[2] += len(want)
            big = (text + "\n\n") * (1_000_000 // (len(text) + 2))
            start = time.perf_counter()
            split(big[:200_000])
            per_mb = (time.perf_counter() - start) * 5
            print(f"{name:<10} {language:<4} {precision:>9.2f} {recall:>7.2f} {f1:>5.2f}  {per_mb:>8.2f}")
        precision = totals[0] / totals[1] if totals[1] else 1.0
        recall = totals[0] / totals[2]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{name:<10} {'all':<4} {precision:>9.2f} {recall:>7.2f} {f1:>5.2f}")


if __name__ == "__main__":
    main()
