"""Where the evaluations find ../shared, and the rows of its prose corpora."""

from __future__ import annotations

import pathlib
from collections.abc import Iterator

SHARED = pathlib.Path(__file__).resolve().parent.parent.parent / "shared"
CORPORA = SHARED / "corpora"
SEED = SHARED / "fixtures" / "seed"
PROSE = ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt")


def rows(names: tuple[str, ...] = PROSE) -> Iterator[str]:
    """Each line of the named corpora, stripped."""
    for name in names:
        for row in (CORPORA / name).read_text(encoding="utf-8").splitlines():
            yield row.strip()
