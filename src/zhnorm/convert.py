"""convert: OpenCC conversion to the target script (t2s, s2t, s2twp, s2hk).

Uses the official OpenCC library (phrase-aware, with OpenCC's current dictionaries).
A line with no Han character skips the converter.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .stage import Stage

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@lru_cache(maxsize=None)
def converter(config: str):
    """One OpenCC converter per configuration and process, built on first use."""
    import opencc

    # With the dictionaries that may output characters many fonts lack (殢 -> 𣨼,
    # 閞 -> 𫔰): OpenCC's own test cases expect them. Its C++ CLI leaves them out by
    # default, so on such characters the two differ.
    return opencc.OpenCC(config, include_tofu_risk_dictionaries=True)


class Convert(Stage):
    name = "convert"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.config = options.opencc_config
        self._convert = converter(self.config).convert if self.config else None

    def fix(self, text: str) -> tuple[str, str]:
        if self._convert is None or not HAN.search(text):
            return text, ""
        return self._convert(text), self.config
