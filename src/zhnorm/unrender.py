"""unrender: undo traditional rendering with pinyin annotations.

Its slot in the pipeline and its pass-through behaviour are in place; annotations are
not stripped yet.
"""

from __future__ import annotations

from .stage import Stage


class Unrender(Stage):
    name = "unrender"

    def fix(self, text: str) -> tuple[str, str]:
        return text, ""
