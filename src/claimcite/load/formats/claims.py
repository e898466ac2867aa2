"""Claim files (`.yaml`, `.yml`): YAML read with its line numbers; `#` starts a comment."""

from __future__ import annotations

from claimcite.files.contain import Area
from claimcite.load.claims import ClaimFile, load_claims
from claimcite.load.format import ClaimsFormat, Comment

COMMENT = Comment("#")


def read(path: str, shown: str, area: Area, required: bool) -> ClaimFile:
    return load_claims(path, shown, area, required=required, comment=COMMENT)


FORMAT = ClaimsFormat(name="claims", suffixes=(".yaml", ".yml"), comment=COMMENT, read=read)
