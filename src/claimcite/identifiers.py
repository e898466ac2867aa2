"""Citations by persistent identifier, as Manubot and its pandoc filter (`pandoc-manubot-cite`)
read them: `@doi:10.1038/nbt.3820`, `@pmid:29424689`, `@pmcid:PMC4568244`,
`@arxiv:1512.03385`, `@isbn:9780262035613`, `@wikidata:Q56458321`, `@url:https://…`,
`@{https://…}` and a bare DOI `@10.1038/nbt.3820`. Manubot looks each work up by its identifier
when it builds the manuscript, so no bibliography need hold it; a work that a bibliography
does hold (Manubot's `manual-references.json`, whose `id` is the identifier: `url:https://…`;
an entry with that DOI or URL) is the work cited.

Part of the link stage: plain values in and out, no file read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from claimcite.load.names import doi_key
from claimcite.model import Source

# the prefixes Manubot looks works up by (its handlers; `http`/`https` are its URL handler's too)
_PREFIXED = re.compile(r"(doi|pmid|pmcid|arxiv|isbn|wikidata|url):(\S+)", re.IGNORECASE)
_DOI = re.compile(r"10\.[0-9]{4,9}/\S+|10/[A-Za-z0-9]+")
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# what Manubot infers a prefix for in a key that has none (its handlers' accession patterns);
# read so only in a Manubot manuscript, where `@29424689` is a PubMed citation
_INFERRED = (
    ("pmcid", re.compile(r"PMC[0-9]+")),
    ("pmid", re.compile(r"[1-9][0-9]{0,10}")),
    ("wikidata", re.compile(r"Q[0-9]+")),
    ("arxiv", re.compile(r"[0-9]{4}\.[0-9]{4,5}(?:v[0-9]+)?")),
)


def identifier(key: str, *, manubot: bool = False) -> tuple[str, str] | None:
    """(prefix, accession) where `key` names its work by a persistent identifier: a prefix
    Manubot looks works up by (`doi:10.1/x`), a bare DOI or an http(s) address; in a Manubot
    manuscript (`manubot`) also the keys Manubot infers a prefix for (`29424689`, `PMC123`)."""
    found = _PREFIXED.fullmatch(key)
    if found:
        return found.group(1).lower(), found.group(2)
    if _DOI.fullmatch(key):
        return "doi", key
    if _URL.fullmatch(key):
        return "url", key
    if manubot:
        for prefix, pattern in _INFERRED:
            if pattern.fullmatch(key):
                return prefix, key
    return None


def _standard(prefix: str, accession: str) -> tuple[str, str]:
    """An identifier as it compares: a DOI without case or `https://doi.org/`, an address
    without its closing `/`, an ISBN without hyphens."""
    if prefix == "doi":
        return prefix, doi_key(accession)
    if prefix == "url":
        return prefix, accession.rstrip("/")
    if prefix == "isbn":
        return prefix, re.sub(r"[\s-]", "", accession).upper()
    return prefix, accession


class IdentifierIndex:
    """The entries of some bibliographies by the identifiers they carry: their key where it is
    one (Manubot's manual references: `url:https://…`, `doi:10.1/x`), their DOI, URL and ISBN."""

    def __init__(self, entries: Iterable[Source]) -> None:
        self.by_id: dict[tuple[str, str], str] = {}
        self.keys: set[str] = set()
        for entry in entries:
            self.keys.add(entry.key)
            named = identifier(entry.key)
            if named is not None:
                self.by_id.setdefault(_standard(*named), entry.key)
            for field, prefix in (("doi", "doi"), ("url", "url"), ("isbn", "isbn")):
                value = entry.fields.get(field, "").strip()
                if value:
                    self.by_id.setdefault(_standard(prefix, value), entry.key)

    def find(self, prefix: str, accession: str) -> str | None:
        """The key of the entry that carries this identifier, if one does."""
        return self.by_id.get(_standard(prefix, accession))
