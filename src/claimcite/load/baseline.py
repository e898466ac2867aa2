"""A baseline written by `claimcite baseline`: the fingerprints of findings to leave out."""

from __future__ import annotations

import json
from collections import Counter

from claimcite.errors import InputError
from claimcite.files import read_bytes
from claimcite.files.contain import Area
from claimcite.model import BASELINE_SCHEMA as SCHEMA


def load_baseline(path: str, area: Area) -> Counter[str]:
    """How many findings of each fingerprint the baseline holds; read where `area` admits it."""
    try:
        data = json.loads(read_bytes(path, area).decode("utf-8"))
    except FileNotFoundError:
        raise InputError(f"baseline {path} not found: write it with `claimcite baseline`") from None
    except OSError as error:
        raise InputError(f"cannot read baseline {path}: {error.strerror}") from None
    except (ValueError, UnicodeDecodeError) as error:  # ValueError: also numbers of 5,000 digits
        raise InputError(f"baseline {path} is not JSON: {error}") from None
    except RecursionError:
        raise InputError(f"baseline {path} is nested too deeply to be a claimcite baseline") from None
    if (
        not isinstance(data, dict)
        or data.get("schema") != SCHEMA
        or not isinstance(data.get("findings"), list)
    ):
        raise InputError(f"baseline {path} is not a claimcite baseline ({SCHEMA})")
    counts: Counter[str] = Counter()
    for item in data["findings"]:
        if isinstance(item, dict) and isinstance(item.get("fingerprint"), str):
            counts[item["fingerprint"]] += 1
    return counts
