"""unrender: undo Traditional rendering with pinyin annotations.

Sites convert simplified articles to Traditional character by character and put the
pinyin of some characters after them: 生態(tài)文明建設(shè). This stage

1. repairs spans the annotator damaged: it inserted pinyin into raw GBK bytes at any
   byte offset, so it could match a "phantom" character made of one character's trail
   byte and the next one's lead byte and split that next character: 日報 = C8 D5 88 F3,
   D5 88 is 請 (qǐng), and the page shows 日?qǐng)?bào). The lost bytes are found again
   from the readings (the phantom is a character read qǐng whose first byte is 日's
   trail byte; the split character's own annotation names its reading), text decoded
   out of step after the damage is re-encoded and decoded in step;
2. strips each annotation `X(syllable)` whose syllable is a reading of X (or of X's
   simplified form), keeping real parentheses (世卫组织(WHO), Mashall(1983), 北京(Běijīng));
   toneless syllables that are only toneless forms of a reading (乱(luan)码(ma), copied
   by spam sites) are stripped when a line has several of them;
3. when the target is mainland simplified, remembers for a Traditional character with
   several simplified sources which one its reading names (乾(qián) -> 乾, 乾(gān) -> 干,
   著(zhuó) -> 着), and marks 著 as 着 unless it stands in a word where it is read zhù
   (著名, 顯著, 名著, ...: data/zhu_words.txt) or before 《 (魯迅著《吶喊》): sites
   never annotate 著, and OpenCC's t2s leaves it alone. Convert applies the marks after
   OpenCC; a reading never overrides a character whose simplified form is unique.

A damaged span that cannot be recovered is left as it is and counted.
"""

from __future__ import annotations

import heapq
import math
import re
import sys
from collections import deque
from functools import lru_cache
from typing import Iterable, Iterator

from .chars import positions
from .damage import LOST_PAIR, MAX_BONUS, Characters, Page, PageLines, completions, completions_bound, encode_shown, is_user_defined, pair_bonus
from .damage import gbk_char as _char
from .lang import foreign
from .lazyre import Lazy, finditer_near
from .plausibility import char_counts, score
from .stage import Event, Line, Stage
from .wordmodel import MAX_LEN as MAX_WORD
from .wordmodel import logp as word_logp
from .wordmodel import words as word_list
from . import datafiles as resources

HAN = "\u3400-\u9fff\uf900-\ufaff"
TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
SYLLABLE = f"[a-z{TONED}üê]{{1,6}}"
ANNOTATION = Lazy(f"([{HAN}])\\(({SYLLABLE})\\)")
#: a reading kept in full-width parentheses after the character it chose (convert.py)
KEPT_READING = Lazy(f"([{HAN}])\uff08({SYLLABLE})\uff09")
#: a trail byte in the ASCII range, shown as a letter before text decoded in step or an
#: annotation (現 = AC 46 after a flattened ，= A3 AC: 。現 shows as '?,F')
TRAIL_LETTER = f"[\\x40-\\x7e](?=[^\\x00-\\x7f]|\\(({SYLLABLE})\\))"
# a lead byte that met an inserted '(' shows as '?' (or U+FFFD), and the '(' may be
# gone; a lead byte before a flattened mark shows as '?' before that mark, and the mark's
# second byte may be the lead of a character whose trail byte shows as '?' (好。” then a
# space = BAC3 A1A3 A1B1 20: '?!?'); three question marks in a row are a question's
DAMAGE = Lazy(
    f"(?P<before>[{HAN}])(?P<own>\\({SYLLABLE}\\))?[?\ufffd]\\(?(?P<syllable>{SYLLABLE})\\)"
    f"|[?\ufffd](?P<flat>[,;:()!?])(?=[^\\x00-\\x7f]|[?\ufffd](?![?\ufffd])|{TRAIL_LETTER})"
    f"|[?\ufffd](?P<gone>)(?=[\\x40-\\x7e](?:\\({SYLLABLE}\\)|[{HAN}]))"
)
#: a damaged span and the run decoded out of step after it (until an ASCII byte): what a
#: line shows there is no evidence for the characters around
OUT_OF_STEP = Lazy(f"(?:{DAMAGE.pattern})[^\\x00-\\x7f]*")
TRUNCATED = Lazy(f"([{HAN}])\\(([a-z{TONED}üê]{{0,6}})\\s*$")
LOST_ANNOTATION = Lazy(f"[?\ufffd]\\(?({SYLLABLE})\\)")
ZHU = re.compile("著")
PLAIN = str.maketrans(TONED, "aaaaeeeeiiiioooouuuuüüüünnnm")


def _data(name: str):
    return resources.files("zhnorm.data").joinpath(name).open(encoding="utf-8")


def _rows(name: str) -> Iterator[list[str]]:
    with _data(name) as f:
        for row in f:
            if row.strip() and not row.startswith("#"):
                yield row.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def readings() -> dict[str, tuple[str, ...]]:
    """Han character -> its readings (and those of its simplified forms), each once, in
    the file's order: a tuple of a few syllables, each syllable one string object for
    every character read so, and the characters read alike one tuple (`_syllables`),
    where a set each took 4 times the room."""
    return _syllables(_rows("readings.tsv"), lambda r: r)


def _syllables(rows, form) -> dict[str, tuple[str, ...]]:
    """{character: the `form` of each of its syllables, once each, as a tuple} of
    (character, syllables joined by ',') rows; each form made once (of every syllable,
    of every row of syllables) and the same string object throughout (`sys.intern`)."""
    intern, forms, made, out = sys.intern, {}, {}, {}
    for c, rs in rows:
        got = made.get(rs)
        if got is None:
            syllables = []
            for r in rs.split(","):
                f = forms.get(r)
                if f is None:
                    f = forms[r] = intern(form(r))
                syllables.append(f)
            got = made[rs] = tuple(dict.fromkeys(syllables))
        out[c] = got
    return out


@lru_cache(maxsize=1)
def default_reading() -> dict[str, str]:
    """Han character -> its default reading (pypinyin's first), what sites annotate with."""
    with _data("readings.tsv") as f:
        return {c: rs.split(",", 1)[0] for c, _, rs in (row.rstrip("\n").partition("\t") for row in f) if not c.startswith("#")}


#: characters whose simplified form context decides (see `zhuo_positions`): sites annotate
#: every character with its default reading, so that reading says nothing about context
CONTEXT_DECIDES = frozenset("著")


@lru_cache(maxsize=1)
def plain_readings() -> dict[str, tuple[str, ...]]:
    """Han character -> its readings without tone marks (each once, as `readings`)."""
    return _syllables(((c, ",".join(rs)) for c, rs in readings().items()), lambda r: r.translate(PLAIN))


@lru_cache(maxsize=1)
def reading_choice() -> dict[tuple[str, str], str]:
    """(Traditional character, reading) -> simplified character, overrides applied."""
    table = {(t, r): s for t, r, s in _rows("reading_choice.tsv")}
    table.update({(t, r): s for t, r, s in _rows("reading_overrides.tsv")})
    return table


@lru_cache(maxsize=1)
def converted_again() -> frozenset[str]:
    """The characters a reading chooses that OpenCC's t2s writes otherwise when it meets
    them outside a word it knows (乾 of 乾(qián), which alone becomes 干): chosen for a
    character that stands alone, such a character is written with its reading,
    乾（qián）, so that a second run still knows why it stays (`kept_readings`)."""
    from .convert import converter

    chosen = sorted(set(reading_choice().values()))
    again = converter("t2s").convert("\n".join(chosen)).split("\n")
    return frozenset(c for c, t in zip(chosen, again) if c != t)


def has_kept_reading(text: str) -> bool:
    """Whether KEPT_READING is found in `text`, tried only before each '（' (its second
    character): the pattern starts with a Han character, so its search would try a match
    at every Han character of a long line (about a fifth of unrender's cost on clean
    text, where many lines hold a '（' and none a reading)."""
    i = text.find("\uff08", 1)
    while i > 0:
        if KEPT_READING.match(text, i - 1) is not None:
            return True
        i = text.find("\uff08", i + 1)
    return False


def kept_readings(text: str) -> dict[int, str]:
    """The characters of `text` written with the reading that chose them (乾（qián）, as
    convert writes one that OpenCC would change again, `converted_again`): each marked
    as itself, so that convert keeps it."""
    marks: dict[int, str] = {}
    again = converted_again()
    choice = reading_choice()
    for m in KEPT_READING.finditer(text):
        char, syllable = m.group(1), m.group(2)
        if char in again and choice.get((char, syllable)) == char:
            marks[m.start()] = char
    return marks


@lru_cache(maxsize=1)
def zhu_words() -> tuple[re.Pattern, int]:
    """Words in which 著 is read zhù, in both scripts (longest first), or 著 before 《;
    and how far into a word its 著 stands, at most (each word holds one)."""
    with _data("zhu_words.txt") as f:
        words = [w.strip() for w in f if w.strip() and not w.startswith("#")]
    words.sort(key=len, reverse=True)
    if not all("著" in w for w in words):
        raise ValueError("zhu_words.txt: a word without 著")
    return re.compile("|".join(map(re.escape, words)) + "|著(?=《)"), max(w.rindex("著") for w in words)


def zhuo_positions(text: str) -> list[int]:
    """Positions of 著 that are not read zhù (to be written 着 in mainland simplified).
    The words are looked for only just before each 著 (`finditer_near`)."""
    found = [m.start() for m in ZHU.finditer(text)]
    words, lead = zhu_words()
    zhu = set()
    for m in finditer_near(words, text, found, lead):
        zhu.update(range(m.start(), m.end()))
    return [i for i in found if i not in zhu]


def truncated_annotation(text: str) -> int | None:
    """Where an annotation an excerpt cut off at the line's end starts (應(y), or None.

    The syllable left must begin a reading of the character (a bare '(' can be text).
    """
    m = TRUNCATED.search(text)
    if m is None or not m.group(2):
        return None
    prefix = m.group(2)
    if any(r.startswith(prefix) for r in readings().get(m.group(1), ())):
        return m.start() + 1
    return None


def is_reading(char: str, syllable: str) -> bool:
    return syllable in readings().get(char, ())


def _gbk(text: str) -> bytes | None:
    try:
        return text.encode("gbk")
    except UnicodeEncodeError:
        return None


def _trails_for(lead: int, syllable: str) -> list[str]:
    """Characters with this lead byte read `syllable`, commonest first."""
    return _by_reading(lead).get(syllable, [])


@lru_cache(maxsize=256)
def _by_reading(lead: int) -> dict[str, list[str]]:
    """The characters with this lead byte by each of their readings, commonest first (in
    the order of their trail bytes among equals): one pass over the lead byte's trail
    bytes answers `_trails_for` for every syllable, where a search for each syllable
    read all of them again (a span's dropped pairs ask for some 90 lead bytes each)."""
    from .plausibility import char_counts

    counts, known = char_counts(), readings()
    out: dict[str, list[str]] = {}
    for t in range(0x40, 0xFF):
        if t != 0x7F and (c := _char(lead, t)):
            for syllable in known.get(c, ()):
                out.setdefault(syllable, []).append(c)
    for found in out.values():
        found.sort(key=lambda c: -counts.get(c, 0))
    return out


#: full-width punctuation a site may flatten to ASCII at the byte level, by its ASCII form
FLATTENED = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
#: the ASCII marks after a character that stand for the full-width marks the model knows
#: (the sites flatten them, and stored copies of pages keep them half-width): what the
#: character after a reading is, when the page shows one of them
SHOWN_MARKS = {k: FLATTENED[k] for k in ",;:!"}
LOST = "?\ufffd"  # how a decoder shows a lead byte it could not pair
#: the flattened marks an orphan lead byte can swallow (a '(' on every site, a ',' on some)
SWALLOWED = ("(", ",")
DIGITS = frozenset("0123456789")  # what a '?' swallows on some sites, besides a comma
SWALLOWED_COMMA = FLATTENED[","]  # a comma a '?' swallowed, as the model scores it
#: the marks a comma never stands before (、 ， 。 ： ； and those that close): a '?' before
#: one of them swallowed no comma
NO_COMMA_BEFORE = frozenset("、，。：；！？”）》")
DIGIT_LOGP = math.log(0.01)  # log P of a digit, about its share of running Chinese text
TRAIL = Lazy(TRAIL_LETTER)  # group 1: the annotation's syllable
MAX_DEPTH = 12
#: the longest run decoded out of step that is re-encoded (sites annotate every few
#: characters, and an annotation's ASCII brings the decoder back in step): a line with no
#: ASCII for longer costs no more than this
MAX_RUN = 80
PAGE_TEXT = 20000
KEEP = 6  # completions kept at each step of a span
WINDOW = 32  # lines either side of a damaged one whose pairs count as evidence
CONFIDENCE = 0.9  # share of the pair model's weight the best completion of a span must have
#: the characters either side of a reading that the word model scores with it
#: (`wordmodel.logp`): a word of the list is at most 4 long, so 3 reach from a reading's
#: end into one
WORD_CONTEXT = 3
#: a reading's log score: the pair model's and the word model's, weighted so (their mean)
WORD_WEIGHT = 0.5
#: the share of the weight a character known by its lead byte only must hold, its pairs
#: and the words it makes with its neighbours both counted, to be read for the '?' a
#: reading taken ends with (`Damage._fill`): more than CONFIDENCE, as the word list
#: misses names (雪弗龍: 雪糕, which its neighbours make, holds 0.91 of the weight there)
FILL_CONFIDENCE = 0.95
#: the share a Han character that the page uses elsewhere in step must hold to be read for
#: such a '?' (`Damage._fill`): a page keeps to its words, and on the simulator's seeds 1
#: and 2 each of the 16 '?' that such a character held 0.6 of the weight for (好 after 非常,
#: 的, 人 after 當地) was that character, while of the Han characters the page does not
#: use, 靠 (非常可靠 for 可口, 0.64) and 熱 (煙, 0.6) were not
FILL_PAGE_CONFIDENCE = 0.6
#: the guesses whose words `Damage._fill` weighs: those within this of the best by their pairs
FILL_SPREAD = 8.0
#: the share of the weight a Han character must hold to be read for the first character of
#: a span after a flattened mark, known by its trail byte alone (A3: 常, 海, 牛, 校, 裕, or
#: the mark 。), once the rest of the span is clear (`Damage._choose`). Less than
#: CONFIDENCE: on the simulator's seeds 1 and 2, of the first characters that held 0.6 to
#: 0.9 of the weight, a Han character best was right in each of 50 choices (正常現象,
#: 經常看到, 最富裕和, 吹牛。接下來; in 4 the rest was wrong, 環保、公共服 read 保、共服: a rest
#: that holds a character guessed from one byte keeps CONFIDENCE, `_guessed`), 。 best
#: in 21 of 49 (。海峽 for 黑海海峽, 。看起來 for 平常看起來, 。口 for 海口): 。 keeps CONFIDENCE
FIRST_HAN_CONFIDENCE = 0.6
#: marks no line ends with: those that open something, and those that go on with more
NO_LINE_END = frozenset("、，；：“‘《（〈「『【〔〖")
#: the log factor of a quotation mark that closes the quote open before it (or opens one
#: where none is), against the other: a quote ends as it began
QUOTE = 2.0
#: what a '?' can have swallowed from markup: the '<' of a tag, whose rest is left
TAG_RESIDUE = re.compile(r"/?[A-Za-z][A-Za-z0-9]{0,9}\s*/?>")
# what one of these holds, looked for first (a scan for a '(' is quicker than trying
# them at every Han character of a long line)
#: ASCII_PHANTOM: the ASCII byte and its '(', looked for at each '(' (a pattern led by
#: a literal is a fast scan for it; led by the class, one tried at every character)
MAY_BE_PHANTOM = re.compile(r"\((?<=[\x40-\x7e]\()")
MAY_BE_ANNOTATION = re.compile(f"\\([a-z{TONED}üê]")  # ANNOTATION: '(' and a syllable
#: a phantom made of a character's trail byte and an ASCII byte after it (差~ = B2EE 7E:
#: EE 7E is 額, é): its annotation follows the ASCII character, and no byte was lost
ASCII_PHANTOM = Lazy(f"(?P<before>[{HAN}])(?P<own>\\({SYLLABLE}\\))?(?P<ascii>[\\x40-\\x7e])\\((?P<syllable>{SYLLABLE})\\)")
#: where an ASCII_PHANTOM match starts, at most: this many characters before the '(' of
#: its syllable (a Han character, its own annotation, `(` and six letters and `)`, the
#: ASCII byte)
PHANTOM_LEAD = 10
NOT_SCORED = re.compile(r"\([^()]*\)|[\x00-\x7f]")
ANNOTATIONS = re.compile(r"\([^()]*\)")


def _word_text(text: str) -> str:
    """`text` (annotations stripped) as the word model reads it (`Damage._words`): an
    ASCII character (a '?' for a character not known among them) is a space, which no
    word holds."""
    return WORD_BREAK.sub(" ", text)


WORD_BREAK = re.compile(r"[\x00-\x7f]")


def _word_gain(left: str, char: str, right: str, apart: float) -> float:
    """How much likelier the word model finds `left + char + right` than the three apart
    (`apart`: the log P of `left` and of `right`): 0 when no word of the list holds `char`
    and a character either side, as the best tokens are then those of each part."""
    counts, _ = word_list()
    text = left + char + right
    at = len(left)
    for k in range(2, MAX_WORD + 1):
        for start in range(max(0, at - k + 1), min(at, len(text) - k) + 1):
            if counts.get(text[start : start + k]):
                return word_logp(text) - apart - word_logp(char)
    return 0.0


def _scored(text: str) -> str:
    """What the pair model scores in a completion: no annotations, no ASCII."""
    return NOT_SCORED.sub("", text)


@lru_cache(maxsize=4096)
def _phantoms(byte: int, syllable: str) -> tuple[int, ...]:
    """Second bytes of the characters read `syllable` whose first byte is `byte`."""
    return tuple(t for t in range(0x81, 0xFF) if (c := _char(byte, t)) is not None and is_reading(c, syllable))


Candidate = tuple  # (text, end, log score)
_CHARACTERS = Characters()


class Damage:
    """Finds the bytes a damaged span lost and decodes it in step again.

    Entry points (`recover`): a character, '?', and a pinyin syllable whose '(' may be
    gone (a phantom annotation after a lead byte), or '?' and an ASCII punctuation
    mark (a phantom flattened full-width mark). From the byte left pending there,
    `_resync` lists the ways the text can go on until it is back in step: every reading
    the display rules allow (a '?' that swallowed a byte or not, pairs dropped out of
    step, 0x80 shown as €), each scored by the pair model (`damage.pair_logp`), and ranked
    with the word model's score too (`ranked`). The best is taken when it holds
    CONFIDENCE of their weight; otherwise the span is left and reported.
    """

    def __init__(self, text: str, page: Page | None = None) -> None:
        self.text = text
        self.page = page or Page()  # what the lines around show: evidence
        self.pair = self.page.pair
        self.logp = self.page.logp
        self.reason = ""
        self._shown_from = 0  # where the text after the span's damage starts (`recover`)
        self._resyncs: dict[tuple, list[Candidate]] = {}  # what `_resync` found, by its arguments
        #: the pending byte and the position of each '?' `_at_lost` kept, by (where the '?'
        #: ends, the character before it), for `_fill`; None where two met there (whose
        #: '?' it is is not known)
        self._unknown: dict[tuple[int, str], tuple[int, int] | None] = {}

    def recover(self, m: re.Match) -> tuple[str, int] | None:
        self.reason = ""
        self._shown_from = m.end()  # where the text after the damage starts (`_guessed`)
        if m.group("flat") or m.group("gone") is not None:
            cands = self._flattened(m)
            # and the characters before it, for the words a reading makes with them (`ranked`)
            before = self._left(m.start()) + self._before(m.start())
            prefix = ""
        else:
            before, own, syllable = m.group("before"), m.group("own") or "", m.group("syllable")
            a = _gbk(before)
            if a is None or len(a) != 2:
                self.reason = "no GBK character before the phantom"
                return None
            prefix = before + own
            # the phantom: read `syllable`, its first byte the trail byte of the character before
            cands = [c for t in _phantoms(a[1], syllable) for c in self._resync(t, m.end(), before)]
            before = self._left(m.start()) + before
        return self._choose(cands, before, prefix)

    def _left(self, i: int) -> str:
        """The WORD_CONTEXT - 1 characters before the last one before position i (`_before`)
        that a word can hold: annotations stripped, none past an ASCII character or a '?'."""
        shown = ANNOTATIONS.sub("", self.text[max(0, i - 8 * WORD_CONTEXT) : i])[:-1]
        return _word_text(shown)[-(WORD_CONTEXT - 1) :] if WORD_CONTEXT > 1 else ""

    def _words(self, before: str, text: str, end: int) -> float:
        """log P of a reading with the WORD_CONTEXT characters before and after it, by the
        word model (`wordmodel.logp`)."""
        return word_logp(_word_text(before)[-WORD_CONTEXT:] + _word_text(ANNOTATIONS.sub("", text)) + self._right(end))

    def _right(self, end: int) -> str:
        """The WORD_CONTEXT characters after position `end` that a word can hold."""
        return _word_text(ANNOTATIONS.sub("", self.text[end : end + 8 * WORD_CONTEXT]))[:WORD_CONTEXT]

    def _quote(self, i: int) -> dict[str, float]:
        """Log factors for a quotation mark at position i, by the marks the line shows before
        it: a closing one where a quote is open (QUOTE), not where none is; an opening one
        not inside an open quote. (The pair model scores 。” and 。“ alike.)"""
        shown = self.text[:i]
        if shown.count("“") > shown.count("”"):
            return {"”": QUOTE, "“": -QUOTE}
        return {"”": -QUOTE}

    def _before(self, i: int) -> str:
        """The last character before position i that the model scores (past an annotation);
        a mark the site flattened to ASCII (`確實,??松`) is the full-width mark it was."""
        shown = ANNOTATIONS.sub("", self.text[max(0, i - 12) : i])
        if shown[-1:] in FLATTENED and len(shown) > 1 and shown[-2] >= "\x80":
            return FLATTENED[shown[-1]]
        return _scored(shown)[-1:]

    def ranked(self, cands: list[Candidate], before: str) -> list[tuple[tuple[str, int], float]]:
        """((text, end), log score) of each reading, best first: its score with the pair it
        makes with the character after it, and the word model's (`wordmodel.logp`) of it with
        the characters either side (`before` ends with those before it), the mean of the two
        log probabilities (WORD_WEIGHT): the pairs of a character known by one byte can
        score alike for 常 and 。, while only one of them makes words (正常現象, 正。現象)."""
        ranked: dict[tuple[str, int], float] = {}
        for text, end, s in cands:
            nxt = self.text[end : end + 1]
            after = _scored(self.text[end : end + 12])[:1] if nxt == "(" else nxt if nxt >= "\x80" else SHOWN_MARKS.get(nxt, "")
            last = _scored(before + text)[-1:]
            total = s + self.pair(last, after) if after else s
            # and by the word model, with the characters either side: the two models' mean
            total = (1 - WORD_WEIGHT) * total + WORD_WEIGHT * self._words(before, text, end)
            key = (text, end)
            ranked[key] = max(ranked.get(key, -1e9), total)
        return sorted(ranked.items(), key=lambda kv: -kv[1])

    def _choose(self, cands: list[Candidate], before: str, prefix: str) -> tuple[str, int] | None:
        # a page in one script shows no character of the other: no reading holds one
        foreign = self.page.foreign
        cands = [c for c in cands if not any(foreign(ch) for ch in c[0])]
        if not cands:
            self.reason = "no reading of the bytes decodes in step"
            return None
        order = self.ranked(cands, before)
        if _confidence([v for _, v in order]) < CONFIDENCE:
            # the completions may differ only in the first character, known by one byte: that
            # one stays '?' when the rest is clear
            rest: dict[tuple[str, int], list[float]] = {}
            for (text, end), v in order:
                rest.setdefault((text[1:], end), []).append(v)
            merged = sorted(((k, _logsumexp(vs)) for k, vs in rest.items()), key=lambda kv: -kv[1])
            if _confidence([v for _, v in merged]) >= CONFIDENCE and len(merged[0][0][0]) > 0:
                (text, end), _ = merged[0]
                firsts = sorted(((v, t) for (t, e), v in order if (t[1:], e) == (text, end)), reverse=True)
                share = _confidence([v for v, _ in firsts])
                if share >= CONFIDENCE or (
                    not prefix and _han(firsts[0][1][0]) and share >= FIRST_HAN_CONFIDENCE and not self._guessed(self._shown_from, end)
                ):
                    # and given the rest, so is the first
                    return self._checked(prefix, self._fill(before, firsts[0][1], end, prefix), end)
                self.reason = f"its first character is known by one byte only and stays '?' (the best: {order[0][0][0]!r} or {order[1][0][0]!r})"
                if not prefix and set(_scored(text)) <= set(LOST):
                    self.reason = f"the best reading {order[0][0][0]!r} knows no character by both its bytes"
                    return None
                return prefix + "?" + text, end
            self.reason = f"no clear best: {order[0][0][0]!r} or {order[1][0][0]!r}"
            return None
        (text, end), _ = order[0]
        return self._checked(prefix, self._fill(before, text, end, prefix), end)

    def _guessed(self, i: int, end: int) -> bool:
        """Whether a reading of the text shown from position i to `end` holds a character
        read from one byte and its neighbours alone: a '?' that stands for a lost trail
        byte (`_at_lost`), not one that took the '(' of its own annotation, which names the
        character's reading (`_lost_annotation`)."""
        text = self.text
        return any(text[k] in LOST and LOST_ANNOTATION.match(text, k) is None for k in range(i, min(end, len(text))))

    def _fill(self, before: str, text: str, end: int, prefix: str = "") -> str:
        """`text`, a reading taken, with the '?' it ends with (`_at_lost`: a character known
        by its lead byte only, whose pairs with its neighbours did not point to one) read as
        the character of that lead byte that holds FILL_CONFIDENCE of the weight once the
        words it makes with the characters either side count too (呵呵, 喝酒: the word
        model's gain over the character standing alone, WORD_WEIGHT of it); or, a Han
        character the page uses elsewhere in step, FILL_PAGE_CONFIDENCE of it, where the
        reading knows a character by both its bytes or begins with a Han character (after
        a flattened mark, `prefix` empty, its first character is known by its trail byte
        alone, and read as 。 it is as often wrong as right: `FIRST_HAN_CONFIDENCE`); else
        `text`."""
        if not text.endswith("?"):
            return text
        got = self._unknown.get((end, prev := _scored(before + text[:-1])[-1:]))
        if got is None:
            return text
        guesses, _, _ = self._lost_guesses(got[0], got[1], prev)
        if not guesses:
            return text
        left = _word_text(ANNOTATIONS.sub("", before + text[:-1]))[-WORD_CONTEXT:]
        right = self._right(end)
        apart = word_logp(left) + word_logp(right)
        # the word model's gain is never below 0: it is worked out for the guesses within
        # FILL_SPREAD of the best by their pairs, and the others are counted without it
        # (each weighs at most e^-8 of the best; a gain of 16 would bring one near it)
        top = max(s + after for _, _, s, after in guesses)
        scores = []
        for g, _, s, after in guesses:
            total = s + after
            if total >= top - FILL_SPREAD:
                total += WORD_WEIGHT * _word_gain(left, _word_text(g), right, apart)
            scores.append((total, g))
        scores.sort(reverse=True)
        share, best = _confidence([v for v, _ in scores]), scores[0][1]
        if share < FILL_CONFIDENCE and not (
            share >= FILL_PAGE_CONFIDENCE and _han(best[0]) and best[0] in self.page.chars and (prefix or _han(text[0]) or set(_scored(text[1:-1])) - set(LOST))
        ):
            return text
        return text[:-1] + best

    def _checked(self, prefix: str, text: str, end: int) -> tuple[str, int] | None:
        known = char_counts()
        odd = [c for c in text if "\u3400" <= c <= "\u9fff" and c not in known]
        if odd:  # a repair brings in no character real text does not use
            self.reason = f"the best reading {text!r} holds {''.join(odd)!r}, unknown to the model"
            return None
        if not prefix and set(_scored(text[1:])) <= set(LOST):
            # after a flattened mark the first character is known by its trail byte only: a
            # reading whose other characters are all lost knows nothing for sure
            self.reason = f"the best reading {text!r} knows no character by both its bytes"
            return None
        if text.endswith("?") and self.text[end : end + 1] in DIGITS and not self.reason:
            self.reason = f"a '?' before a digit stays: it may have swallowed one ({text!r})"
        if "?" in text and not self.reason:  # a lost byte its neighbours did not tell
            self.reason = f"a character known by one byte only stays '?' ({text!r})"
        return prefix + text, end

    def _flattened(self, m: re.Match) -> list[Candidate]:
        """'?,': a phantom (this character's trail, the next one's lead) was a full-width mark.

        A '?' right before a letter whose annotation says it is a trail byte (`?F(xiàn)`)
        is one whose flattened mark the '?' swallowed: each mark a site swallows is tried
        (without an annotation, `?F盘` is as likely text).
        """
        flat = m.group("flat")
        before = self._before(m.start())
        guesses = []  # (the mark's second byte, left pending; the phantom's first character; its score)
        for mark in [flat] if flat else SWALLOWED:
            full = FLATTENED[mark].encode("gbk")
            for lead in range(0x81, 0xFF):
                c = _char(lead, full[0])
                if c is None:
                    continue
                guesses.append((full[1], c, self.logp(c) + self.pair(_scored(before)[-1:], c)))
        # each guess is searched on only while the most its readings can score
        # (`damage.completions_bound`) can still enter the KEEP best: the rest cannot be
        # among them, so the result is that of searching them all
        bounds = {p: self._run_bound(p, m.end()) for p in {g[0] for g in guesses}}
        most = [math.inf] * len(guesses)
        for p, bound in bounds.items():
            ks = [k for k, g in enumerate(guesses) if g[0] == p]
            if bound and ks:
                table = self.page.pair_table([guesses[k][1] for k in ks], [x for x, _ in bound], bound=True) + [b for _, b in bound]
                for k, b in zip(ks, table.max(axis=1).tolist()):
                    most[k] = guesses[k][2] + b
            elif bound is not None:  # no reading at all
                for k in ks:
                    most[k] = -math.inf
        found: list[list[Candidate]] = [[] for _ in guesses]
        top: list[float] = []  # the KEEP best scores so far, least first
        for k in sorted(range(len(guesses)), key=lambda k: -most[k]):
            if len(top) >= KEEP and most[k] < top[0] - 1e-6:
                break
            pending, c, s = guesses[k]
            found[k] = [(c + text, end, s + s2) for text, end, s2 in self._resync(pending, m.end(), c, needs_run=True)]
            for cand in found[k]:
                if len(top) < KEEP:
                    heapq.heappush(top, cand[2])
                elif cand[2] > top[0]:
                    heapq.heapreplace(top, cand[2])
        return _best([cand for cands in found for cand in cands])

    def _run_bound(self, lead: int, i: int) -> list[tuple[str, float]] | None:
        """`damage.completions_bound` of the run out of step from position i, when
        `_resync_new(lead, i, ...)` reads one there (a character shown out of step), or None."""
        text = self.text
        if i >= len(text) or ord(text[i]) < 0x80 or text[i] in LOST:
            return None
        j = _run_end(text, i)
        raw = encode_shown(text[i:j]) if j - i <= MAX_RUN else None
        if not raw:
            return None
        return completions_bound(lead, raw, self.page, self._after_bound(raw[-1], j) if raw[-1] >= 0x80 else None)

    def _after_bound(self, lead: int, i: int) -> list[tuple[str, float]] | None:
        """What `_resync(lead, i, prev, 1)` can score for any prev: (first character,
        the most a reading that begins with it scores without the pair bonus of prev and
        it) for each reading it can give. None where that is not worked out here (a run)."""
        text = self.text
        if i >= len(text):
            return []
        c = text[i]
        m = LOST_ANNOTATION.match(text, i)
        if m:
            out = [(x, self.logp(x)) for x in _trails_for(lead, m.group(1))]
            for c1, seconds in _lost_before_reading(lead, m.group(1)):  # `_lost_annotation`
                out.append((c1, LOST_PAIR + self.logp(c1) + max(self.logp(c2) + self.pair(c1, c2) for c2 in seconds)))
            return out
        if c in LOST:  # `_at_lost`
            out = []
            nxt_char = text[i + 1] if i + 1 < len(text) else ""
            if nxt_char in FLATTENED:  # a character, then the search goes on after the mark
                full = FLATTENED[nxt_char].encode("gbk")
                char = _char(lead, full[0])
                rest = self._resync(full[1], i + 2, char, 2) if char else []
                if rest:
                    out.append((char, self.logp(char) + max(s2 for _, _, s2 in rest)))
            alone, swallowed = _lost_trails(lead, nxt_char)
            # the guess taken scores its logp and pair bonus with prev (and a comma's it
            # swallowed); a '?' kept, at most the best of those and the log of how many there are
            spread = math.log(len(alone) + len(swallowed)) if alone or swallowed else 0.0
            comma = max((self.logp(SWALLOWED_COMMA) + self.pair(g, SWALLOWED_COMMA) for g in swallowed), default=0.0)
            out.extend((g, self.logp(g) + spread + (max(0.0, comma) if g in swallowed else 0.0)) for g in dict.fromkeys(alone + swallowed))
            return out
        if ord(c) >= 0x80:
            return None
        if not 0x40 <= ord(c) <= 0x7E:
            return []  # nothing decodes there
        char = _char(lead, ord(c))
        out = [(char, self.logp(char))] if char else []
        if TRAIL.match(text, i):  # pairs dropped before the letter (`_dropped_before`)
            out.extend((c1, LOST_PAIR + lp1 + ends[0][0]) for lp1, c1, ends in self.page.lost(lead, ord(c))[:KEEP])
            out.extend(self.page.two_lost_firsts(lead, ord(c)))
        return out

    def _resync(self, lead: int, i: int, prev: str, depth: int = 0, needs_run: bool = False) -> list[Candidate]:
        """The ways to decode on from a pending lead byte at text position i until back in step.

        What it finds depends on its arguments only (and the line and page, fixed for the
        instance): the spans of a line and the readings of a phantom's first character meet
        the same pending bytes again, so each is worked out once.
        """
        prev = _scored(prev)[-1:]
        key = (lead, i, prev, depth, needs_run)
        got = self._resyncs.get(key)
        if got is None:
            got = self._resyncs[key] = self._resync_new(lead, i, prev, depth, needs_run)
        return got

    def _resync_new(self, lead: int, i: int, prev: str, depth: int, needs_run: bool) -> list[Candidate]:
        text = self.text
        if i >= len(text) or depth > MAX_DEPTH:
            return []
        c = text[i]
        m = LOST_ANNOTATION.match(text, i)
        if m:
            return self._lost_annotation(lead, prev, m)
        letter = TRAIL.match(text, i)
        # after a flattened mark: text out of step, a trail letter, or a lost trail byte
        # ('?', not one of a run of them: a question's)
        if needs_run and not letter and ((ord(c) < 0x80 and c not in LOST) or (c in LOST and i + 1 < len(text) and text[i + 1] in LOST)):
            return []
        if 0x40 <= ord(c) <= 0x7E:  # its trail byte is in the ASCII range: shown as that letter
            char = _char(lead, ord(c))
            # one or two pairs may have been dropped before it (when the pending byte and the
            # letter make no character, they were)
            dropped = self._dropped_before(lead, i, prev, letter) if letter else []
            if char and letter and letter.group(1) and not is_reading(char, letter.group(1)):
                return dropped  # the annotation after it names another character's reading
            if char and needs_run and letter and not letter.group(1) and self.pair(char, text[i + 1]) <= 0:
                return dropped  # nor is it read with the text after it (?,F盘 is as likely text)
            return _best(([(char, i + 1, self.logp(char) + self.pair(prev, char))] if char else []) + dropped)
        if c in LOST:
            return self._at_lost(lead, i, prev, depth)
        if ord(c) < 0x80:
            return []
        # decoded out of step: re-encode the run (a lone 0x80 shows as €, and brings the
        # decoder back in step) and decode it one byte later, with the pairs a page drops
        j = _run_end(text, i)
        if j - i > MAX_RUN:  # no annotation nor ASCII byte for that long: not a page the sites made
            return []
        raw = encode_shown(text[i:j])
        if not raw:
            return []
        shown = score(text[i:j])
        out = []
        for fixed, pending, s in completions(lead, raw, prev, self.page)[:KEEP]:
            if score(fixed) <= shown:
                continue
            if pending is None:
                out.append((fixed, j, s))
                continue
            for rest, end, s2 in self._resync(pending, j, fixed, depth + 1):
                out.append((fixed + rest, end, s + s2))
        return _best(out)

    def _lost_annotation(self, lead: int, prev: str, m: re.Match) -> list[Candidate]:
        """'?syllable)' where the pending byte's trail should be: that trail byte went with
        the '(' of its own annotation, which names the character's reading; or the page
        dropped a pair first (pending X | Y trail: X Y in a user-defined area), and the
        character Y trail is the one read so (應該 = 91AA D493 out of step: AA D4 dropped,
        93 took the '(' of `(gāi)`)."""
        syllable = m.group(1)
        # each reading scored first, and only the KEEP best made (in `_best`'s order)
        scored = [(self.logp(x) + self.pair(prev, x), x, "") for x in _trails_for(lead, syllable)]
        for c1, seconds in _lost_before_reading(lead, syllable):
            s1 = LOST_PAIR + self.logp(c1) + self.pair(prev, c1)
            scored.extend((s1 + self.logp(c2) + self.pair(c1, c2), c1, c2) for c2 in seconds)
        tail, end = f"({syllable})", m.end()
        return [(a + b + tail, end, s) for s, a, b in sorted(scored, key=lambda e: -e[0])[:KEEP]]

    def _dropped_before(self, lead: int, i: int, prev: str, letter: re.Match) -> list[Candidate]:
        """The readings in which the page dropped one pair between a pending byte and a
        letter (a trail byte), or two in a row (`——` out of step is A1 | AAA1 | AAxx), and
        the last character holds the letter. Its annotation must name its reading; without
        one it must read with the character after it."""
        b = ord(self.text[i])
        syllable = letter.group(1)
        after = self.text[i + 1] if i + 1 < len(self.text) else ""
        out = []
        for lp1, c1, ends in self.page.lost(lead, b)[:KEEP]:
            s1 = LOST_PAIR + lp1 + self.pair(prev, c1)
            out.extend((c1 + c2, i + 1, s1 + s2) for s2, c2 in ends[:KEEP])
        out.extend((t, i + 1, s) for s, t in self.page.two_lost(lead, b, prev))
        return _best([c for c in out if (is_reading(c[0][-1], syllable) if syllable else self.pair(c[0][-1], after) > 0)])

    def _lost_guesses(self, lead: int, i: int, prev: str) -> tuple[list[tuple], int, str]:
        """The characters a '?' at position i can stand for after the pending byte `lead`
        (character, end, score, its pair with what follows), where the reading goes on
        (past the '?'), and the character after it the pairs were scored with."""
        text = self.text
        nxt_char = text[i + 1] if i + 1 < len(text) else ""
        # its trail byte is the '?': a byte that made no pair with the next one, which is read
        # again in step, or one that swallowed a comma (`_lost_trails`); a '<' it swallowed
        # leaves the rest of a tag, which is markup
        tag = TAG_RESIDUE.match(text, i + 1)
        end = tag.end() if tag else i + 1
        after = "" if tag else SHOWN_MARKS.get(nxt_char, nxt_char)
        alone, swallowed = _lost_trails(lead, "" if tag else nxt_char)
        if not tag and not text[i + 1 :].strip():
            # the line ends there: not with a mark that opens or goes on (、 “ 《)
            alone = [c for c in alone if c not in NO_LINE_END]
        quote = self._quote(i)
        # prev before each guess: a row (`Page.pair_row`, the same floats as `pair`)
        before = self.page.pair_row(prev, alone)
        guesses = [(char, end, self.logp(char) + b + quote.get(char, 0.0), self.pair(char, after) if after else 0.0) for char, b in zip(alone, before)]
        if swallowed and after in NO_COMMA_BEFORE:
            # if it swallowed something, no comma: a digit (at its share of running text),
            # on the sites that take one, which cannot be told (師心理健康1、 shows as
            # 師心理健?、), so a '?' stays for it
            before = self.page.pair_row(prev, swallowed)
            guesses += [(char + "?", end, self.logp(char) + b + DIGIT_LOGP, 0.0) for char, b in zip(swallowed, before)]
        elif swallowed:  # the comma is scored as the full-width mark, shown as the page had it
            comma = SWALLOWED_COMMA
            lp = self.logp(comma)
            before = self.page.pair_row(prev, swallowed)
            guesses += [(char + ",", end, self.logp(char) + b + lp + self.pair(char, comma), self.pair(comma, after)) for char, b in zip(swallowed, before)]
        return guesses, end, after

    def _at_lost(self, lead: int, i: int, prev: str, depth: int) -> list[Candidate]:
        """A '?' where the pending byte's trail should be: each reading the display allows."""
        text = self.text
        nxt_char = text[i + 1] if i + 1 < len(text) else ""
        out: list[Candidate] = []
        if nxt_char in FLATTENED:
            # its trail byte and the next lead byte made a flattened full-width mark
            full = FLATTENED[nxt_char].encode("gbk")
            char = _char(lead, full[0])
            if char:
                s = self.logp(char) + self.pair(prev, char)
                for rest, end, s2 in self._resync(full[1], i + 2, char, depth + 1):
                    out.append((char + rest, end, s + s2))
        guesses, end, after = self._lost_guesses(lead, i, prev)
        if guesses:
            # the byte is known only by its neighbours: taken when they point to one character,
            # else the '?' stays (a lost character is not guessed)
            top = max(g[2] + g[3] for g in guesses)
            mass = sum(math.exp(g[2] + g[3] - top) for g in guesses)
            best = max(guesses, key=lambda g: g[2] + g[3])
            # a '?' before a digit may have swallowed one (some sites take a digit with an
            # orphan lead byte): that byte cannot be told, so a '?' stays for it
            lost = "?" if after in DIGITS else ""
            if 1.0 / mass >= CONFIDENCE:
                out.append((best[0] + lost, end, best[2]))
            else:
                out.append(("?", end, top + math.log(mass) - best[3]))
                if not lost:  # whose '?' it is, for `_fill`
                    key = (end, prev)
                    seen = self._unknown.get(key, False)
                    self._unknown[key] = (lead, i) if seen is False or seen == (lead, i) else None
        return _best(out)


@lru_cache(maxsize=1024)
def _lost_before_reading(lead: int, syllable: str) -> list[tuple[str, list[str]]]:
    """(c1, [c2, ...]) for a pair X Y dropped after a pending `lead` before a character
    read `syllable`: c1 is `lead` X, each c2 is Y and a trail byte, read so."""
    from .damage import _lost_starts, _user_defined_trails

    out = []
    for x, c1 in _lost_starts(lead):
        seconds = [c2 for y in _user_defined_trails(x) if y >= 0x81 for c2 in _trails_for(y, syllable)]
        if seconds:
            out.append((c1, seconds))
    return out


@lru_cache(maxsize=4096)
def _lost_trails(lead: int, nxt_char: str) -> tuple[list[str], list[str]]:
    """The characters `lead` t whose trail byte t a page shows as '?' before `nxt_char`:
    (those where t stood alone, those where t swallowed a comma).

    Before a byte that can be a trail (a Han character's first byte, an ASCII letter), t
    stood alone when the two make no character and no user-defined pair (which the page
    would have dropped); on the sites that swallow a comma after an orphan byte, t may be
    any trail, the comma gone with it. Before anything else, t is any trail."""
    nxt = None
    if nxt_char and ord(nxt_char) >= 0x80:
        b = _gbk(nxt_char)
        nxt = b[0] if b and len(b) == 2 else None
    elif nxt_char and 0x40 <= ord(nxt_char) <= 0x7E:
        nxt = ord(nxt_char)
    alone, swallowed = [], []
    for t in range(0x81, 0xFF):
        char = _char(lead, t)
        if not char:
            continue
        if nxt is None or (_char(t, nxt) is None and not is_user_defined(t, nxt)):
            alone.append(char)
        if nxt is not None:
            swallowed.append(char)
    return alone, swallowed


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def _confidence(values: list[float]) -> float:
    """The share of the weight the first (best) of `values` holds."""
    return math.exp(values[0] - _logsumexp(values))


def _best(cands: list[Candidate], keep: int = KEEP) -> list[Candidate]:
    return sorted(cands, key=lambda c: -c[2])[:keep]


def ascii_phantoms(text: str) -> tuple[str, int]:
    """(text, how many) without the annotations of phantoms that end in an ASCII byte: a
    character, maybe its own annotation, an ASCII byte in the trail range and a syllable
    that the character's trail byte and that byte, read as one character, are read
    (差~(é): EE 7E is 額). The syllable is no reading of the letter, so it is nothing the
    text says, and no byte is lost: the annotation alone goes."""
    if "(" not in text:
        return text, 0
    out: list[str] = []
    pos = n = 0
    # tried only up to PHANTOM_LEAD characters before each '(' after an ASCII byte, which
    # every match holds (`finditer_near`), not at each Han character of the line
    marks = (m.start() for m in MAY_BE_PHANTOM.finditer(text))
    for m in finditer_near(ASCII_PHANTOM, text, marks, PHANTOM_LEAD):
        a = _gbk(m.group("before"))
        if a is None or len(a) != 2:
            continue
        phantom = _char(a[1], ord(m.group("ascii")))
        if phantom is None or not is_reading(phantom, m.group("syllable")):
            continue
        out.append(text[pos : m.end("ascii")])
        pos = m.end()
        n += 1
    if not n:
        return text, 0
    out.append(text[pos:])
    return "".join(out), n


def repair_damage(text: str, context: Iterable[str] = (), lines: PageLines | None = None) -> tuple[str, int, list[str]]:
    """(text, spans repaired, reasons for the spans left) for every damaged span of a line
    (`lines`: the sums of the last page, from which this one's are worked out)."""
    out: list[str] = []
    pos = repaired = 0
    left: list[str] = []
    left_until = 0  # the end of the run out of step of the last span left
    damage = None
    for m in _spans(text):
        if m.start() < pos:
            continue
        if damage is None:  # the page's evidence is read only for a line that shows damage
            # at most PAGE_TEXT characters of each line: a very long line costs no more
            texts = [_in_step(t) for t in [*context, text]]
            page = Page(texts) if lines is None else lines.page(texts)
            damage = Damage(text, page)
        got = damage.recover(m)
        if got is None:
            # '?' before a comma can be real text; a phantom reading cannot, nor a run out of step
            if not m.group("flat") or damage.reason.startswith(("no clear best", "the best reading")):
                # a span inside the run out of step of one left before it is that damage again
                if m.start() >= left_until:
                    left.append(f"{m.group(0)!r}: {damage.reason}")
                left_until = max(left_until, OUT_OF_STEP.match(text, m.start()).end())
            continue
        replacement, end = got
        if damage.reason:  # repaired but for one character
            left.append(f"{m.group(0)!r}: {damage.reason}")
        out.append(text[pos : m.start()])
        out.append(replacement)
        pos = end
        repaired += 1
    if not repaired:
        return text, 0, left
    out.append(text[pos:])
    return "".join(out), repaired, left


@lru_cache(maxsize=160)
def _in_step(text: str) -> str:
    """What a line shows in step, its annotations stripped: a page's evidence (`Page`).
    The lines around a damaged line are mostly those around the next one: kept a while."""
    return ANNOTATION.sub(r"\1", OUT_OF_STEP.sub(" ", text[:PAGE_TEXT]))


def _spans(text: str) -> Iterator[re.Match]:
    """The spans of a line that show damage: a phantom annotation after a lead byte, or a
    flattened mark whose run is out of step (`_out_of_step`).

    A phantom '？' shows as '??' after a character in step: three question marks or more in
    a row are a question's (a trail byte lost right after that phantom would have to make no
    character with the next lead byte, which GBK's full rows do not allow).
    """
    if "?" not in text and "\ufffd" not in text:
        return
    for m in _damage_matches(text):
        flat = m.group("flat")
        if m.group("gone") is not None and text[m.end() + 1] != "(":
            if _swallowed_before(text, m.end()):
                yield m
        elif not flat:
            yield m
        elif flat == "?" and any(0 <= k < len(text) and text[k] in LOST for k in (m.start() - 1, m.end())):
            continue
        elif _out_of_step(text, m.end(), flat):
            yield m


#: where a DAMAGE match starts, at most: this many characters before its '?' (a Han
#: character and its own annotation, `(` and six letters and `)`)
DAMAGE_LEAD = 9


def _lost_at(text: str) -> list[int]:
    """The positions of each '?' and U+FFFD of `text`, ascending (`chars.positions`)."""
    return positions(text, LOST)


def _damage_matches(text: str) -> Iterator[re.Match]:
    """DAMAGE.finditer(text), tried only up to DAMAGE_LEAD characters before each '?'
    (or U+FFFD), which every alternative holds: a long line with a question mark is not
    tried at each of its Han characters."""
    return finditer_near(DAMAGE, text, _lost_at(text), DAMAGE_LEAD)


def _swallowed_before(text: str, i: int) -> bool:
    """Whether the letter at position i, after a '?' and before Han text, reads as the trail
    byte of a character whose lead byte was the second byte of a flattened mark the '?'
    swallowed (a comma, on the sites that take one: 。現 = A1A3 AC46 shows as '?F'): that
    character reads with the one after it, by the pair model (`?F盘` is as likely text)."""
    for mark in SWALLOWED:
        c = _char(FLATTENED[mark].encode("gbk")[1], ord(text[i]))
        if c is not None and _han(c) and pair_bonus(c, text[i + 1]) > 0:
            return True
    return False


def _han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff"


def _run_end(text: str, i: int) -> int:
    """Where the run decoded out of step from position i ends (at most MAX_RUN + 1 long).

    An ASCII byte brings the decoder back in step: shown on its own, after a lone 0x80
    (`€`), or as the trail byte of a character shown out of step (`秪` = B6 7E is 哦's
    trail byte and '~'): in step that byte is ASCII again.
    """
    j, stop = i, min(len(text), i + MAX_RUN + 1)
    while j < stop and ord(text[j]) >= 0x80 and text[j] not in LOST:
        j += 1
        if text[j - 1] == "€" or _ascii_trail(text[j - 1]):
            break
    return j


@lru_cache(maxsize=4096)
def _ascii_trail(c: str) -> bool:
    """Whether the GBK bytes of c end in an ASCII byte (a trail byte in 0x40-0x7E)."""
    b = _gbk(c)
    return b is not None and len(b) == 2 and b[1] < 0x80


def _out_of_step(text: str, i: int, flat: str) -> bool:
    """Whether the text after a '?' and a flattened mark reads as decoded one byte out of step.

    A phantom full-width mark leaves its second byte pending, and the run after it (up to
    an ASCII byte) was decoded one byte early: decoded again from that byte, in step, it
    reads better than as shown. Clean text after '??' (a question, a stand-in for a rare
    character) reads worse that way. A '?' or a letter right after the mark is looked at
    by the repair itself.
    """
    j = _run_end(text, i)
    if j == i:
        return True
    raw = encode_shown(text[i:j])
    if raw is None:  # a page decoded as GBK shows nothing else
        return False
    shown = score(text[i:j])
    if len(_CHARACTERS._lost) > 256:  # what it keeps is bounded
        _CHARACTERS._lost.clear()
    pending = FLATTENED[flat].encode("gbk")[1]
    return any(score(fixed) > shown for fixed, _, _ in completions(pending, raw, "", _CHARACTERS)[:KEEP])


def _moved(marks: dict[int, str] | None, before: str, after: str, new: dict[int, str] | None) -> dict[int, str] | None:
    """The marks of `before` at their places in `after` (those in the common start and end
    of the two; a mark in what changed is gone), with `new`'s (marks of `after`)."""
    if not marks:
        return new
    n, m = len(before), len(after)
    start = 0
    while start < min(n, m) and before[start] == after[start]:
        start += 1
    end = 0  # the common end, not reaching into the common start
    while end < min(n, m) - start and before[n - 1 - end] == after[m - 1 - end]:
        end += 1
    moved = {i if i < start else i + m - n: c for i, c in marks.items() if i < start or i >= n - end}
    return {**moved, **(new or {})} or None


def _damaged(text: str) -> bool:
    """Whether a line shows damage, and so unrender reads the lines around it (`repair_damage`)."""
    return next(_spans(text), None) is not None


class Unrender(Stage):
    name = "unrender"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.keep = options.keep_annotations
        self.choose = options.to == "hans"
        self.pages = PageLines()  # the damaged lines' pages, one from the last

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        # the lines around a damaged one are evidence for its repair: WINDOW lines either side
        # (what repair_damage reads of each: PAGE_TEXT characters); only a damaged line
        # waits for those after it, so memory is bounded by lines of ordinary length
        behind: deque[str] = deque(maxlen=WINDOW)
        ahead: deque[Line] = deque()
        damaged: deque[bool] = deque()  # whether each line ahead shows damage, asked once
        source = iter(lines)
        keep, choose = behind.append, self.choose
        for line in source:
            text = line.text
            if "?" in text or "\ufffd" in text:  # damage shows a '?' (_spans)
                bad = _damaged(text)
            elif not ahead and "(" not in text and ")" not in text:
                # the common case: nothing to repair or strip and no line waiting (as `one`)
                if choose and ("著" in text or "\uff08" in text):
                    self.mark_unchanged(line, text, True)
                keep(text[:PAGE_TEXT])
                yield line
                continue
            else:
                bad = False
            if not bad and not ahead:  # a line with no damage, none waiting
                yield self.one(line, False, behind, ahead)
                continue
            ahead.append(line)
            damaged.append(bad)
            while ahead and (len(ahead) > WINDOW or not damaged[0]):
                yield self.one(ahead.popleft(), damaged.popleft(), behind, ahead)
        while ahead:
            yield self.one(ahead.popleft(), damaged.popleft(), behind, ahead)

    def one(self, line: Line, damaged: bool, behind: deque, ahead: deque) -> Line:
        text = line.text
        if "(" not in text and ")" not in text and "?" not in text and "\ufffd" not in text:
            # nothing to repair or strip: only 著 to read, outside Japanese and Korean, and
            # the readings a run before kept (乾（qián）)
            if self.choose:
                self.mark_unchanged(line, text, True)
            behind.append(text[:PAGE_TEXT])
            return line
        if not damaged and not self.may_change(text):
            # nor here (no damage, no phantom, no annotation): the same marks, but none on
            # a Japanese or Korean line, which is left alone; its language asked only if
            # there is a mark to set, not of every line with a '(' or a '?'
            if self.choose and ("著" in text or "\uff08" in text) and not foreign(text):
                self.mark_unchanged(line, text, False)
            behind.append(text[:PAGE_TEXT])
            return line
        if foreign(text):  # Japanese and Korean are left alone (lang.py)
            behind.append(text[:PAGE_TEXT])
            return line
        new, left = self.repair(line, text, damaged, [*behind, *(x.text for x in ahead)] if damaged else [])
        if not self.keep:
            new, n = self.stripped(line, new)
            if n and ("?" in new or "\ufffd" in new) and _damaged(new):
                new, left = self.again(line, new, [*behind, *(x.text for x in ahead)], left)
        if left:
            self.counts["damaged spans left as they are"] += len(left)
            if self.record is not None:
                for why in left:
                    self.record(Event(self.name, self.source, line.no, new, new, "damaged span left as it is: " + why))
        line.text = new
        behind.append(new[:PAGE_TEXT])
        if self.choose:
            if "著" in new:
                self.mark_zhuo(line, new)
            if "\uff08" in new:
                self.mark_kept(line, new)
        return line

    def may_change(self, text: str) -> bool:
        """Whether `repair` (of a line with no damaged span) or `stripped` may change
        `text`: it holds what their scans look for first."""
        if MAY_BE_PHANTOM.search(text):
            return True
        return not self.keep and (MAY_BE_ANNOTATION.search(text) is not None or "(" in text.rstrip()[-7:])

    def mark_unchanged(self, line: Line, text: str, ask: bool) -> None:
        """The marks of a line unrender leaves as it is: 著 read by context (outside
        Japanese and Korean: `ask` whether the line is, else it is known not to be), and
        the readings a run before kept (乾（qián）)."""
        if "著" in text and not (ask and foreign(text)):
            self.mark_zhuo(line, text)
        if "\uff08" in text:
            self.mark_kept(line, text)

    def mark_kept(self, line: Line, text: str) -> None:
        """Mark each character written with the reading that chose it (乾（qián）) as itself."""
        if not has_kept_reading(text):
            return
        found = kept_readings(text)
        if found:
            line.marks = {**(line.marks or {}), **found}

    def repair(self, line: Line, text: str, damaged: bool, context: list[str]) -> tuple[str, list[str]]:
        """`text` with its damaged spans repaired (`damaged`: it shows some) and the ASCII
        phantoms undone; and why each span left as it is was left."""
        if damaged:
            new, repaired, left = repair_damage(text, context, self.pages)
        else:
            new, repaired, left = text, 0, []
        phantoms = 0
        if MAY_BE_PHANTOM.search(new):
            new, phantoms = ascii_phantoms(new)
        repaired += phantoms
        if repaired:
            self.note(line, text, new, "damaged spans repaired", repaired)
        return new, left

    def stripped(self, line: Line, text: str) -> tuple[str, int]:
        """`text` without its annotations (and one cut off at the line's end), and how
        many went."""
        new, n = self.strip(text, line) if MAY_BE_ANNOTATION.search(text) else (text, 0)
        if n:
            self.note(line, text, new, "annotations stripped", n)
        # an annotation cut off at the end: its '(' is among the last 7 characters
        cut = truncated_annotation(new) if "(" in new.rstrip()[-7:] else None
        if cut is not None:
            self.note(line, new, new[:cut], "truncated annotation stripped at the line's end")
            new, n = new[:cut], n + 1
        return new, n

    def again(self, line: Line, text: str, context: list[str], left: list[str]) -> tuple[str, list[str]]:
        """A damaged span that held the annotations a site put on its characters
        (`覀?men)?nèi)藬?shù)`) reads in step only once they are stripped: repaired (and
        stripped) again, as a second run would, so that one pass is final. The readings
        chosen by the first pass keep their characters where the text around them is as
        it was (`_moved`)."""
        marks, line.marks = line.marks, None
        new, left_again = self.repair(line, text, True, context)
        if new == text:
            line.marks = marks
            return text, left
        new, _ = self.stripped(line, new)
        line.marks = _moved(marks, text, new, line.marks)
        return new, left_again

    def mark_zhuo(self, line: Line, text: str) -> None:
        """Mark 著 outside zhù words as 着 (unless a reading already chose for it)."""
        marks = line.marks or {}
        found = [i for i in zhuo_positions(text) if i not in marks]
        if found:
            marks.update((i, "着") for i in found)
            line.marks = marks
            self.counts["著 read as 着 by context"] += len(found)

    def strip(self, text: str, line: Line) -> tuple[str, int]:
        """Drop the annotations of `text` that are readings of the character before them.

        Returns the new text and how many were dropped; sets `line.marks` for readings
        that choose among several simplified sources.
        """
        matches = list(ANNOTATION.finditer(text))
        if not matches:
            return text, 0
        table = readings()
        plain = plain_readings()
        toned, toneless = [], []
        for m in matches:
            char, syllable = m.group(1), m.group(2)
            if syllable in table.get(char, ()):
                toned.append(m)
            elif syllable == syllable.translate(PLAIN) and syllable in plain.get(char, ()):
                toneless.append(m)
        keep = toned + (toneless if len(toneless) >= 2 else [])
        if not keep:
            return text, 0
        keep.sort(key=lambda m: m.start())
        choice = reading_choice() if self.choose else {}
        out: list[str] = []
        pos = 0
        length = 0
        marks: dict[int, str] = {}
        defaults = default_reading() if choice else {}
        for m in keep:
            out.append(text[pos : m.start() + 1])
            length += m.start() + 1 - pos
            char, syllable = m.group(1), m.group(2)
            chosen = choice.get((char, syllable))
            if chosen and not (char in CONTEXT_DECIDES and defaults.get(char) == syllable):
                # a character OpenCC would change again carries the reading (Line.marks)
                marks[length - 1] = chosen + syllable if chosen in converted_again() else chosen
            pos = m.end()
        out.append(text[pos:])
        if marks:
            line.marks = marks
        return "".join(out), len(keep)
