"""Claim files (`.yaml`, `.yml`): YAML read with its line numbers; `#` starts a comment."""

from __future__ import annotations

from claimcite.files.contain import Area
from claimcite.load.claims import ClaimFile, load_claims
from claimcite.load.format import Comment
from claimcite.load.parsecache import ParseCache


def read(
    path: str, shown: str, area: Area, required: bool, cache: ParseCache | None, comment: Comment | None
) -> ClaimFile:
    return load_claims(path, shown, area, required=required, cache=cache, comment=comment)
