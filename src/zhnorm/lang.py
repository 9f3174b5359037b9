"""Which language a stretch of text is in: Chinese, to normalize, or Japanese or Korean,
to leave exactly as it is.

A sentence is Japanese when kana (or kanji forms only Japanese writes, such as 総 or 駅)
make at least a twentieth of its characters and it reads as Japanese: its characters'
frequencies in Japanese (data/langfreq.tsv, built by scripts/build_langfreq.py from the
wordfreq lists) make it clearly more plausible as Japanese than as Chinese. Korean likewise, with Hangul. The test on frequencies
keeps mojibake such as 浣犲ソ (你好 read in the wrong encoding: a katakana among rare
Han) Chinese, for repair to mend.

A sentence that is garbage repair left as it is (`garbled`: Han among lost bytes' U+FFFD,
kana, Cyrillic, private use) is no language: convert leaves it as it is too, so that t2s
does not make a garble another one (鈥, what GBK reads for E2 80, made 钬); tidy still
punctuates it as Chinese (`map_chinese`'s garbled_too).

The stages share one mechanism: `map_chinese(text, fn)` applies `fn` to the Chinese
segments of a line and leaves the others as they are; `foreign(text)` says whether any
segment is Japanese or Korean (repair and unrender still look at a garbled one). Decode weighs readings of a byte string with `score`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Callable

from .lazyre import Lazy
from . import datafiles as resources

LANGS = ("zh", "ja", "ko")
KANA = "\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fd-\u30ff\u31f0-\u31ff"  # not ・ ー: Chinese uses them
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3131-\u318e"
JA_MARGIN = 0.15  # a sentence with a stray kana in Chinese (齊高無ぶ出奔) stays Chinese


@lru_cache(maxsize=1)
def has_kana() -> re.Pattern:
    """A kana (compiled on first use, as `has_hangul`: most text never needs them)."""
    return re.compile(f"[{KANA}]")


@lru_cache(maxsize=1)
def has_hangul() -> re.Pattern:
    return re.compile(f"[{HANGUL}]")


def __getattr__(name: str):
    """HAS_KANA and HAS_HANGUL, the same patterns under their names as constants."""
    if name == "HAS_KANA":
        return has_kana()
    if name == "HAS_HANGUL":
        return has_hangul()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: a sentence: up to and with its closing punctuation (and closing quotes), or a line end
SENTENCE = Lazy(r"[^。！？!?\n]*(?:[。！？!?]+[」』）)”’\"']*)?|\n")
#: characters that say nothing about the language: ASCII, spaces, CJK and general punctuation
NEUTRAL = Lazy(r"[\x00-\x7f\s\u2010-\u206f\u3000-\u303f\u30fb\u30fc\uff01-\uff60\uffe0-\uffef]")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, tuple[float, float, float]], frozenset[str]]:
    """char -> (zh, ja, ko) weight, and the kanji forms only Japanese writes (loaded once)."""
    rows: dict[str, list[int]] = {}
    data = resources.files("zhnorm.data")
    with data.joinpath("langfreq.tsv").open(encoding="utf-8") as f:
        for row in f:
            if row[0] != "#":
                c, *ns = row.rstrip("\n").split("\t")
                rows[c] = [int(n) for n in ns]
    tops = [max(r[i] for r in rows.values()) for i in range(len(LANGS))]
    weights = {
        c: tuple(0.3 + 0.7 * math.log(n) / math.log(top) if n else -1.0 for n, top in zip(ns, tops))
        for c, ns in rows.items()
    }
    return weights, _ja_only()


@lru_cache(maxsize=1)
def _ja_only() -> frozenset[str]:
    """The kanji forms only Japanese writes (data/ja_only.txt)."""
    only = resources.files("zhnorm.data").joinpath("ja_only.txt").read_text(encoding="utf-8").split("\n")
    return frozenset("".join(r for r in only if r and r[0] != "#"))


@lru_cache(maxsize=1)
def _hint() -> re.Pattern:
    """Any character that may start a Japanese or Korean reading (the frequency tables
    are not loaded for it: most text holds none)."""
    return re.compile(f"[{KANA}{HANGUL}{''.join(sorted(_ja_only()))}\ufffd]")


@lru_cache(maxsize=None)
def unknown(lang: str) -> re.Pattern:
    """A character that is not neutral and not among `lang`'s listed ones."""
    i = LANGS.index(lang)
    known = sorted(c for c, w in _tables()[0].items() if w[i] > -1.0)
    ranges = NEUTRAL.pattern[1:-1]
    return re.compile(f"[^{ranges}{''.join(re.escape(c) for c in known)}]")


def score(text: str, lang: str) -> float:
    """Mean frequency weight of the telling characters of `text` in `lang`: about 1 for
    the commonest, 0.3 for the rarest listed, -1 for the unlisted, -2 for U+FFFD and
    controls; 0 when none is telling."""
    return _score(NEUTRAL.sub("", text), LANGS.index(lang))


def _score(telling: str, i: int) -> float:
    """`score` of the telling characters `telling` (NEUTRAL ones taken out) in LANGS[i]."""
    weights = _tables()[0]
    total = 0.0
    n = 0
    for c in telling:
        w = weights.get(c)
        total += w[i] if w is not None else -2.0 if c == "\ufffd" else -1.0
        n += 1
    return total / n if n else 0.0


#: what no language's text holds two of among its Han: U+FFFD with kana, Cyrillic, private use
GARBLE = Lazy(f"[\ufffd{KANA}\u0400-\u04ff\ue000-\uf8ff]")
#: and of those, what lost bytes alone do not leave
MISREAD = Lazy(f"[{KANA}\u0400-\u04ff\ue000-\uf8ff]")
GARBLE_SHARE = 6  # a garbled sentence's telling characters are at most this many per sign
HAN_CHAR = Lazy("[\u3400-\u9fff]")
LOST_RUNS = Lazy("\ufffd+")


def garbled(text: str) -> bool:
    """Whether `text` (a sentence) is garbage that repair left as it is: Han among two
    runs of U+FFFD or more with some kana, Cyrillic or private-use character (three runs
    without), which together make at least a sixth of its telling characters (bytes read
    in the wrong encoding, some of them lost: 猫垄鈥姑�⑩…ヂ). A Chinese sentence with
    characters lost is not."""
    runs = len(LOST_RUNS.findall(text))
    if runs < 2 or not HAN_CHAR.search(text) or (runs < 3 and not MISREAD.search(text)):
        return False  # one or two characters lost (頭�髮�) leave the sentence Chinese
    return len(GARBLE.findall(text)) * GARBLE_SHARE >= len(NEUTRAL.sub("", text))


def language(text: str) -> str:
    """'ja', 'ko', 'zh' (also for text with no telling character at all), or 'garbled'
    (`garbled`: no language; convert leaves it as it leaves Japanese and Korean, tidy
    punctuates it as Chinese)."""
    if not _hint().search(text):
        return "zh"
    return _language(text)


def _language(text: str) -> str:
    """`language` of a text that holds a character of `_hint`; its telling characters
    (NEUTRAL ones taken out) made once for all the tests that count or score them."""
    if "\ufffd" in text and garbled(text):
        return "garbled"
    telling = None
    if has_hangul().search(text):
        telling = NEUTRAL.sub("", text)
        hangul = len(has_hangul().findall(text))
        if hangul * 3 >= len(telling) and _score(telling, KO) >= max(0.3, _score(telling, ZH)):
            return "ko"
    marks = len(has_kana().findall(text)) + sum(map(_tables()[1].__contains__, text))
    if marks:
        if telling is None:
            telling = NEUTRAL.sub("", text)
        if marks * 20 >= len(telling) and _score(telling, JA) >= max(0.3, _score(telling, ZH) + JA_MARGIN):
            return "ja"
    return "zh"


ZH, JA, KO = (LANGS.index(lang) for lang in ("zh", "ja", "ko"))


def foreign(text: str) -> bool:
    """Whether some sentence of `text` is Japanese or Korean (cheap when none can be):
    whether `segments` makes a Japanese or Korean run of it. Only a sentence holding a
    `_hint` character can be either (`language`), and a sentence of punctuation takes
    only the language of a run before it: so only the sentences that hold one are asked,
    from the sentence start before the first (`_sentence_start`), not every sentence of a
    long line (tests/test_lang.py compares the two ways)."""
    search = _hint().search
    m = search(text)
    if m is None:
        return False
    p = m.start()
    for m in SENTENCE.finditer(text, _sentence_start(text, p)):
        if m.end() <= p:
            continue  # a sentence before the next hint (or an empty match)
        if language(m.group()) in ("ja", "ko"):  # (the sentence holding text[p])
            return True
        h = search(text, m.end())
        if h is None:
            return False
        p = h.start()
    return False


TERMINATORS = "。！？!?"  # SENTENCE's ends, and the closers that may follow them
CLOSERS = "」』）)”’\"'"


def _sentence_start(text: str, p: int) -> int:
    """A position at or before `p` where a match of SENTENCE starts, as `finditer` from
    the text's start meets them: the start, the character after a newline, or one after
    a terminator that is neither a terminator nor a closer (the match holding that
    terminator ends there: its run of terminators and its closers are greedy)."""
    top = text.rfind("\n", 0, p) + 1
    end = p
    while True:
        i = max(text.rfind(t, top, end) for t in TERMINATORS)
        if i < 0:
            return top
        if text[i + 1] not in TERMINATORS and text[i + 1] not in CLOSERS:
            return i + 1
        end = i


def segments(text: str) -> list[tuple[str, str]]:
    """`text` cut into runs of sentences of one language: [(text, 'zh'|'ja'|'ko'), ...]."""
    hints = [m.start() for m in _hint().finditer(text)]
    if not hints:
        return [(text, "zh")]
    kept = _SEGMENTS.get(text)
    if kept is not None:
        return list(kept)
    got = _segments(text, hints)
    if len(text) <= SEGMENTS_TEXT:
        if len(_SEGMENTS) >= SEGMENTS_KEPT:
            del _SEGMENTS[next(iter(_SEGMENTS))]  # the oldest
        _SEGMENTS[text] = tuple(got)
    return got


#: the segments of the last texts holding a hint, by text: the stages ask of the same
#: line one after another (repair's and unrender's `foreign`, convert's, clean's and
#: tidy's `map_chinese`), and such lines are rare, so a few cover many megabytes
_SEGMENTS: dict[str, tuple[tuple[str, str], ...]] = {}
SEGMENTS_KEPT = 32
SEGMENTS_TEXT = 8 * 1024  # a longer text is not kept: at most 32 x 8 K characters and their segments


def _segments(text: str, hints: list[int]) -> list[tuple[str, str]]:
    """`segments` of a text, given the positions of its characters of `_hint`."""
    # each run as the spans of text its sentences cover, adjacent ones merged (a long
    # line's run is then one slice, not its sentences held as strings), joined at the end;
    # a sentence holding no character of `_hint` is Chinese (`language`), without a look
    out: list[tuple[list[list[int]], str]] = []
    k, last = 0, len(hints)
    for m in SENTENCE.finditer(text):
        a, b = m.span()
        if a == b:
            continue
        while k < last and hints[k] < a:
            k += 1
        lang = _language(m.group()) if k < last and hints[k] < b else "zh"
        if lang == "zh" and out and out[-1][1] != "zh" and not NEUTRAL.sub("", m.group()):
            lang = out[-1][1]  # a run of punctuation or Latin stays with the sentence before
        if out and out[-1][1] == lang:
            spans = out[-1][0]
            if spans[-1][1] == m.start():
                spans[-1][1] = m.end()
            else:
                spans.append([m.start(), m.end()])
        else:
            out.append(([[m.start(), m.end()]], lang))
    return [("".join([text[a:b] for a, b in spans]), lang) for spans, lang in out]


def map_chinese(text: str, fn: Callable[[str], str], garbled_too: bool = False) -> tuple[str, list[str]]:
    """(text with `fn` applied to each Chinese segment, languages of the segments left).
    `garbled_too`: a garbled segment is Chinese to `fn` (tidy's punctuation)."""
    if not _hint().search(text):
        return fn(text), []
    parts = segments(text)
    if garbled_too:
        parts = [(s, "zh" if lang == "garbled" else lang) for s, lang in parts]
    left = [lang for _, lang in parts if lang != "zh"]
    if not left:
        return fn(text), []
    return "".join(fn(s) if lang == "zh" else s for s, lang in parts), left


NAMES = {"ja": "Japanese", "ko": "Korean", "garbled": "garbled text"}


def chinese_only(fn: Callable[[str], str], counts) -> Callable[[str], str]:
    """`fn` applied to the Chinese segments only; the others counted in `counts` (a
    stage's Counter) as "Japanese left alone" or "Korean left alone"."""

    def apply(text: str) -> str:
        new, left = map_chinese(text, fn)
        for lang in left:
            counts[f"{NAMES[lang]} left alone"] += 1
        return new

    return apply
