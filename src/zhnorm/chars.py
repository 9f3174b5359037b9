"""Character classes the stages share."""

from __future__ import annotations

import re

#: a Han character: CJK unified ideographs, extension A, compatibility, extensions B and on
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

#: where a very long text may be cut without splitting a word or an OpenCC phrase
CUT_AFTER = re.compile(r"[。！？；，、\s]")


def last_cut(text: str, start: int, end: int) -> int | None:
    """The position just after the last CUT_AFTER character in text[start:end], or None."""
    last = None
    for last in CUT_AFTER.finditer(text, start, end):  # noqa: B007 (the last one is wanted)
        pass
    return last.end() if last is not None else None
