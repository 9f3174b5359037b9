"""clean: drop web boilerplate lines (breadcrumbs, previous/next links, footers, ...).

Its slot in the pipeline and its pass-through behaviour are in place; no rule is
written yet, so every line passes.
"""

from __future__ import annotations

from .stage import Stage


class Clean(Stage):
    name = "clean"

    def fix(self, text: str) -> tuple[str, str]:
        return text, ""
