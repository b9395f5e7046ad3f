"""Accent- and case-folded text for search that behaves the same on every database."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition leaves whole but French and other
# Canadian spellings treat as two letters, and typographic punctuation that
# people type as plain ASCII.
_EXTRA_FOLDS = str.maketrans(
    {
        "œ": "oe",
        "æ": "ae",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2013": "-",
        "\u2014": "-",
    }
)
_SPACES = re.compile(r"\s+")

# Longer queries are cut here: no organization name or description phrase
# needs more, and it bounds the work per request.
MAX_QUERY_LENGTH = 200


def fold(text: str) -> str:
    """Return `text` lower-cased, without accents, with runs of spaces made one."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.translate(_EXTRA_FOLDS)).strip()


def search_terms(query: str) -> list[str]:
    """Split a search query into folded terms, at most ten, each matched as a substring."""
    # Control characters become spaces: PostgreSQL rejects a NUL in a text
    # parameter, and no name or phrase contains the others.
    cut = query[:MAX_QUERY_LENGTH]
    folded = fold("".join(" " if unicodedata.category(char) == "Cc" else char for char in cut))
    terms = [term for term in folded.split(" ") if term]
    return terms[:10]
