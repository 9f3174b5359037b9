"""repair: undo mojibake (UTF-8 read as GBK, GBK read as Latin-1, ...).

Its slot in the pipeline, its options and its pass-through behaviour are in place;
the repairs themselves are not written yet, so clean or garbled, text passes unchanged.
"""

from __future__ import annotations

from .stage import Stage


class Repair(Stage):
    name = "repair"

    def fix(self, text: str) -> tuple[str, str]:
        return text, ""
