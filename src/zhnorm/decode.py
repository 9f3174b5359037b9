"""decode: bytes -> lines of text.

Detection, cheapest check first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. NUL bytes: a plausible UTF-16 reading (BOM-less UTF-16 has NULs from ASCII, 61 00,
   and from characters such as 一, 00 4E); otherwise, many NULs mean a binary file,
   which is refused;
3. a strict UTF-8 check of the prefix: valid UTF-8 is UTF-8 (ASCII too, unless it
   holds control bytes that only UTF-16 code units make);
4. otherwise every candidate that decodes the prefix competes, scored by character
   plausibility: GB18030 (for GB2312 and GBK), Big5-HKSCS and cp950 (for Big5),
   UTF-16 without BOM, chardet's guess.

Only a bounded prefix (64 KB) is examined. The file is then decoded incrementally in
chunks and split on LF, CR LF or a lone CR (old Mac files), so memory is bounded by
the longest line. Invalid bytes become U+FFFD, are counted, and the first one's byte
offset is kept; with `strict` they raise `DecodeError` instead.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
import threading
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO, Iterator

from .lazyre import Lazy
from .stage import Block, Line

PREFIX_SIZE = 64 * 1024
CHUNK_SIZE = 256 * 1024
PIECE = 1024 * 1024  # characters: a longer line is passed on in pieces (Line.cont)

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: chardet name (lower case) -> the codec we read it with: supersets, so that
#: characters outside the detected subset still decode.
SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "ascii": "utf-8",
    "iso-8859-1": "cp1252",
    "windows-1252": "cp1252",
}

CHINESE_CANDIDATES = ("gb18030", "big5hkscs", "cp950")
#: Japanese and Korean legacy encodings (supersets: cp932 of Shift_JIS, cp949 of EUC-KR),
#: each weighed against the Chinese reading with its language's frequencies (lang.py)
FOREIGN_CANDIDATES = (("cp932", "ja"), ("euc_jp", "ja"), ("cp949", "ko"))
#: ASCII text with these escapes is ISO-2022 (Japanese or Korean)
ESCAPES = ((b"\x1b$B", "iso2022_jp"), (b"\x1b$@", "iso2022_jp"), (b"\x1b$(D", "iso2022_jp_2"), (b"\x1b$)C", "iso2022_kr"))
#: encodings whose line ends are LF bytes, no other byte of a character below 0x30: a
#: file detected as one of them is decoded part by part (`Decoder._parts`), each part
#: in the encoding that reads it
PARTS = {"utf-8": None, "gb18030": "zh", "big5hkscs": "zh", "cp950": "zh", "cp932": "ja", "euc_jp": "ja", "cp949": "ko"}
PART_CANDIDATES = ("utf-8", "gb18030", "big5hkscs", "cp932", "euc_jp", "cp949")
SWITCH_MARGIN = 0.25  # hysteresis: another encoding reads a line only if this much more plausible
HIGH_BYTES = bytes(range(0x80, 0x100))
SWITCH_MIN = 4  # a shorter line (in characters not ASCII) neither leaves nor switches the part's encoding
PART_MAX = 1024 * 1024  # bytes: a longer line is decoded in pieces cut after a byte below 0x30 (what a
# piece holds is held three times over while it is cut and decoded: 4 MB made 30 MB of a long line's peak)
FOREIGN_MARGIN = 0.15  # a foreign reading must be this much more plausible than the Chinese one
#: the variants of Big5 a Big5 file may be in (Big5-HKSCS, and cp950 as Windows writes Big5; plain
#: Big5 reads nothing cp950 or Big5-HKSCS does not): the first block of lines they read differently
#: and plausibly not alike decides, once, which reads the file (`big5_evidence`)
BIG5 = ("big5hkscs", "cp950")
#: where they differ only on pairs both read plausibly (A145 is ‧ in cp950, • in Big5-HKSCS):
#: how Windows writes Big5, the commonest
BIG5_TIE = "cp950"

UTF8_BONUS = 0.3
CP1252_PRIOR = -0.1
CHARDET_PRIOR = -0.25  # a Chinese tool's inputs are rarely in chardet's other guesses
UNSURE = 0.1  # a scored detection less far ahead than this is reported as unsure
GOOD_SCORE = 0.5  # a reading this plausible needs no second opinion from chardet
MIN_UTF16_SCORE = 0.3
CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
ASCII_ALNUM = re.compile(rb"[0-9A-Za-z]")
#: ASCII control bytes that text does not contain but UTF-16 code units do (，= 0C FF)
ODD_ASCII = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


class ZhnormError(Exception):
    """Base of the errors zhnorm reports as a one-line message."""


class DecodeError(ZhnormError):
    """Input that cannot be decoded: binary, or invalid bytes under --strict."""


@dataclass(frozen=True)
class Detection:
    encoding: str
    reason: str  # bom, utf-8, escape, nul-pattern, scored, language, mixed, chardet, given, empty
    #: scored: how far the chosen reading's score is ahead of the next encoding's (how sure)
    margin: float | None = None


def _decodes(data: bytes, encoding: str, final: bool) -> str | None:
    try:
        return codecs.getincrementaldecoder(encoding)("strict").decode(data, final)
    except (UnicodeDecodeError, LookupError):
        return None


def _chardet_guess(prefix: bytes) -> str | None:
    import chardet  # imported only when the cheap checks did not settle it

    name = (chardet.detect(prefix).get("encoding") or "").lower()
    if not name:
        return None
    name = SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _best(prefix: bytes, candidates, complete: bool, bonus: dict[str, float] | None = None, scores: dict | None = None):
    """(score, encoding) of the most plausible decoding, or None.

    UTF-16 competes only when it decodes cleanly; the others are decoded with
    replacement, each U+FFFD costing score, so that a mostly valid file still wins
    over a codec that decodes every byte into nonsense.
    """
    from .plausibility import score

    best = None
    for enc in candidates:
        errors = "strict" if enc.startswith("utf-16") else "replace"
        try:
            text = codecs.getincrementaldecoder(enc)(errors).decode(prefix, complete)
        except (UnicodeDecodeError, LookupError):
            continue
        s = score(text) + (bonus or {}).get(enc, 0.0)
        if scores is not None:
            scores[enc] = (s, text)
        if best is None or s > best[0]:
            best = (s, enc)
    return best


#: a UTF-16 code unit that holds the byte 0A (one regular-expression scan, not a loop)
LF_UNIT = Lazy("[\u0a00-\u0aff" + "".join(re.escape(chr(k << 8 | 0x0A)) for k in range(256) if k != 0x0A) + "]")


def _lf_units_plausible(prefix: bytes, enc: str, complete: bool) -> bool:
    """Whether the UTF-16 code units that hold the LF bytes of a NUL-less prefix are mostly
    characters Chinese uses (上 is 4E 0A): UTF-16 line ends hold a NUL (0A 00), so in a
    file of lines read as UTF-16 they are noise."""
    from .lang import unknown

    text = _decodes(prefix, enc, complete)
    if text is None:
        return False
    units = LF_UNIT.findall(text)
    odd = len(unknown("zh").findall("".join(units)))
    return odd * 2 <= len(units)


#: UTF-16 code units a NUL-less prefix must hold to be read as UTF-16 at all: one unit
#: (two bytes, `printf '\\xff\\n'`) is no evidence, and read as one it made a lone
#: invalid byte a character (＊)
MIN_UTF16_UNITS = 2


def _utf16_without_nul(prefix: bytes, complete: bool) -> bool:
    """Whether a prefix without a NUL byte may be BOM-less UTF-16 (Chinese without ASCII:
    中文 is 2D 4E 87 65): at least MIN_UTF16_UNITS code units, and for a whole input, not
    ending in a line end. A UTF-16 line end holds a NUL (0A 00); a file whose last byte
    is LF or CR and that holds no NUL is 8-bit text ending its last line."""
    if len(prefix) < 2 * MIN_UTF16_UNITS:
        return False
    return not (complete and prefix.endswith((b"\n", b"\r")))


def _mixed(prefix: bytes, complete: bool) -> str | None:
    """For a prefix no one encoding reads well: the encoding that reads most of its bytes
    when each line is read in the encoding that reads it best, if the lines so read are
    plausible text (GOOD_SCORE) and more than one encoding is needed; else None."""
    lines = prefix.split(b"\n")
    if not complete:
        lines = lines[:-1]
    won: Counter[str] = Counter()
    total = weight = 0.0
    for raw in lines:
        if raw.isascii():
            continue
        readings = [(_part_score(t, enc), enc) for enc in PART_CANDIDATES if (t := _decodes(raw, enc, True)) is not None]
        if not readings:
            return None
        s, enc = max(readings)
        won[enc] += len(raw)
        total += s * len(raw)
        weight += len(raw)
    if len(won) < 2 or total < GOOD_SCORE * weight:
        return None
    return won.most_common(1)[0][0]


def _foreign(prefix: bytes, complete: bool, rival: str | None) -> str | None:
    """The Japanese or Korean encoding whose reading of `prefix` is plausible text in its
    language, clearly more than the `rival` reading is Chinese; or None.

    A reading counts only with its script in it (kana for Japanese, Hangul for Korean)
    and hardly an invalid byte (one in 200 characters)."""
    from .lang import HAS_HANGUL, HAS_KANA, NEUTRAL, score

    floor = -3.0
    if rival is not None:
        text = codecs.getincrementaldecoder(rival)("replace").decode(prefix, complete)
        floor = score(text, "zh")
    best = None
    for enc, lang in FOREIGN_CANDIDATES:
        text = codecs.getincrementaldecoder(enc)("replace").decode(prefix, complete)
        if text.count("\ufffd") * 200 > len(text):
            continue
        telling = len(NEUTRAL.sub("", text))
        marks = len((HAS_KANA if lang == "ja" else HAS_HANGUL).findall(text))
        if marks * (10 if lang == "ja" else 3) < telling:
            continue
        s = score(text, lang)
        if s > floor + FOREIGN_MARGIN and (best is None or s > best[0]):
            best = (s, enc)
    return best[1] if best else None


def detect(prefix: bytes, complete: bool = True) -> Detection:
    """Choose the encoding of a byte string from its first bytes.

    `complete` says the prefix is the whole input (so a trailing partial character is
    an error and an odd length rules out UTF-16).
    """
    if not prefix:
        return Detection("utf-8", "empty")
    for bom, name in BOMS:
        if prefix.startswith(bom):
            return Detection(name, "bom")
    utf16 = ("utf-16-le", "utf-16-be") if not (complete and len(prefix) % 2) else ()
    nuls = prefix.count(0)
    if nuls:
        # UTF-16 without BOM: NULs from ASCII (61 00) and from characters such as 一 (00 4E)
        best = _best(prefix, utf16, complete)
        if best and best[0] >= MIN_UTF16_SCORE:
            return Detection(best[1], "nul-pattern")
        controls = len(prefix) - len(prefix.translate(None, CONTROL_BYTES))
        if nuls * 100 >= len(prefix) or controls * 20 >= len(prefix):
            raise DecodeError(f"binary file (NUL and control bytes, the first NUL at byte offset {prefix.index(0)}), skipped")
    if b"\x1b$" in prefix and prefix.isascii():
        for escape, name in ESCAPES:
            if escape in prefix and _decodes(prefix, name, complete) is not None:
                return Detection(name, "escape")
    utf8 = _decodes(prefix, "utf-8", complete)
    if utf8 is not None and (not prefix.isascii() or not ODD_ASCII.search(utf8)):
        # valid UTF-8 holding a multi-byte sequence is UTF-8, as browsers decide: whether
        # its text is garbled is repair's question, not decode's
        return Detection("utf-8", "utf-8")
    if not nuls and not _utf16_without_nul(prefix, complete):
        utf16 = ()
    if not nuls and b"\n" in prefix:  # here, not before: valid UTF-8 never needs lang's tables
        utf16 = tuple(enc for enc in utf16 if _lf_units_plausible(prefix, enc, complete))
    # every reading competes, valid UTF-8 with a head start; chardet only if none is good
    candidates = ["utf-8", *CHINESE_CANDIDATES, *utf16]
    scores: dict[str, tuple[float, str]] = {}
    best = _best(prefix, candidates, complete, {"utf-8": UTF8_BONUS}, scores)
    other = _foreign(prefix, complete, best[1] if best else None)
    if other is not None:
        return Detection(other, "language")
    if best is None or best[0] < GOOD_SCORE:
        mixed = _mixed(prefix, complete)
        if mixed is not None:
            return Detection(mixed, "mixed")
    guess = None
    if best is None or best[0] < GOOD_SCORE:
        guess = _chardet_guess(prefix)
        # a Western reading needs Western text around its bytes: a lone byte (`printf
        # '\\xff\\n'`) read as cp1252 would be a letter no one wrote (ÿ), not U+FFFD
        western = [enc for enc in ("cp1252", guess) if enc and enc not in candidates] if ASCII_ALNUM.search(prefix) else []
        if western:
            other = _best(prefix, western, complete, {guess: CHARDET_PRIOR, "cp1252": CP1252_PRIOR})
            if other and (best is None or other[0] > best[0]):
                best = other
    if best is None:
        return Detection("gb18030", "fallback")
    reason = "utf-8" if best[1] == "utf-8" else "chardet" if best[1] == guess else "scored"
    chosen = scores.get(best[1], (0.0, None))[1]
    others = [v for v, text in scores.values() if text != chosen]  # readings that differ
    return Detection(best[1], reason, round(best[0] - max(others), 3) if reason == "scored" and others else None)


ODD_MIN = 8  # a chunk with more characters unknown to its language is looked at line by line,
LINE_ODD_SHARE = 0.1  # and there a line with a larger share of them, or one that fails, is weighed in every encoding


def _odd(text: str, lang: str, share: float) -> bool:
    """Whether a valid reading holds more than ODD_MIN characters its language does not
    use, and more than `share` of those not ASCII (a part in another encoding that this
    one decodes without error, as GB18030 decodes Shift_JIS)."""
    from .lang import unknown

    odd = len(unknown(lang).findall(text))
    return odd > ODD_MIN and odd > share * (len(text) - len(text.encode("ascii", "ignore")))


def _part_score(text: str, enc: str) -> float:
    """How plausible a line's reading is: in its encoding's language for the Japanese and
    Korean ones, in the language it reads best in for the others (GB18030 and Big5 hold
    kana too)."""
    from .lang import LANGS, score

    lang = PARTS.get(enc)
    if lang in ("ja", "ko"):
        return score(text, lang)
    return max(score(text, lang) for lang in LANGS)


@lru_cache(maxsize=1)
def _kana_run() -> re.Pattern:
    from .lang import KANA

    return re.compile(f"(?:[{KANA}]ー*){{2,}}")  # ゲーム too


def _line_weight(text: str) -> float:
    """How plausible a line's reading is, summed over its telling characters: as Chinese,
    but a run of kana as Japanese, and a lone kana below any character Chinese does not
    use (it is what a circled number, Roman numeral or radical of Big5-HKSCS becomes in
    cp950; a run of those is what kana become the other way); each invalid byte -2."""
    from .lang import HAS_KANA, NEUTRAL, score

    bad = text.count("\ufffd")
    runs = _kana_run().findall(text)
    rest = NEUTRAL.sub("", _kana_run().sub("", text).replace("\ufffd", ""))
    lone = len(HAS_KANA.findall(rest))
    rest = HAS_KANA.sub("", rest)
    return score(rest, "zh") * len(rest) + sum(score(r, "ja") * len(NEUTRAL.sub("", r)) for r in runs) - 1.5 * lone - 2.0 * bad


def big5_evidence(data: bytes) -> float | None:
    """How much the lines of `data` (whole lines) that the variants of BIG5 read differently
    speak for the second (above 0) or the first (below 0): the difference of the
    plausibility of their readings, in context (a kana reads well amid kana, a circled
    number amid Chinese); None when they read it alike."""
    first, second = BIG5
    if data.decode(first, "replace") == data.decode(second, "replace"):
        return None
    total = 0.0
    for line in data.split(b"\n"):
        a, b = line.decode(first, "replace"), line.decode(second, "replace")
        if a != b:
            total += _line_weight(b) - _line_weight(a)
    return total


def big5_variant(evidence: float | None) -> str | None:
    """The variant the evidence decides for, or None (no evidence either way)."""
    return None if not evidence else BIG5[evidence > 0]


# -- incremental decoding with counted replacements ---------------------------------

_current = threading.local()


def _handler(exc: UnicodeError):
    tracker = getattr(_current, "tracker", None)
    if tracker is None or not isinstance(exc, UnicodeDecodeError):
        raise exc
    return tracker.on_error(exc)


codecs.register_error("zhnorm-decode", _handler)


class DecodeTracker:
    """Counts invalid bytes and remembers where the first one was."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.replaced = 0
        self.first_offset: int | None = None
        self.fed = 0  # bytes handed to the decoder so far, including this chunk

    def on_error(self, exc: UnicodeDecodeError):
        offset = self.fed - len(exc.object) + exc.start
        if self.strict:
            raise DecodeError(f"invalid {exc.encoding} bytes at byte offset {offset}")
        if self.first_offset is None:
            self.first_offset = offset
        self.replaced += 1
        return "\ufffd", exc.end


def _cut_long(block: str, no: int) -> Iterator[Line]:
    """A block of whole lines (numbered from `no`) with each line longer than PIECE in
    pieces cut as `_blocks` cuts a pending line, so that the cuts depend on the line
    alone, not on how much of it one decoded chunk held."""
    start = 0
    lines = block.split("\n")[:-1]
    for k, line in enumerate(lines):
        if len(line) <= PIECE:
            continue
        _long_line_memory()
        if k > start:
            yield Block("\n".join(lines[start:k]) + "\n", no + start, k - start)
        head = line
        while len(head) > PIECE:
            cut = _piece_cut(head[:PIECE])
            yield Line(head[:cut], no + k, cont=True)
            head = head[cut:]
        yield Block(head + "\n", no + k, 1)
        start = k + 1
    if start < len(lines):
        yield Block("\n".join(lines[start:]) + "\n", no + start, len(lines) - start)


@lru_cache(maxsize=1)
def _long_line_memory() -> None:
    """Once a process meets a line longer than PIECE: the C library's blocks of 1 MB and
    more go back to the system when freed. glibc otherwise raises the size it maps
    blocks from after the first big one is freed, and serves the next pieces' texts from
    its heap, where they stay (a 50 MB line peaked at 106 MB instead of 95). Elsewhere
    than glibc, nothing."""
    try:
        import ctypes

        ctypes.CDLL(None).mallopt(-3, 1024 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):
        pass


def _piece_cut(text: str) -> int:
    """Where to cut a long pending line: after the last punctuation or space near its end."""
    from .chars import last_cut

    cut = last_cut(text, max(0, len(text) - 4096), len(text))
    return cut if cut is not None else len(text)


def _low_cut(data: bytes) -> int:
    """After the last byte below 0x30 of `data` but its last 8 (its end, if none): looked
    for in the last 64 KB first, where it nearly always is, then in all of it."""
    end = len(data) - 8
    for start in (max(0, end - 64 * 1024), 0):
        cut = max(data.rfind(bytes([b]), start, end) for b in range(0x30)) + 1
        if cut or not start:
            return cut or len(data)
    return len(data)


class Decoder:
    """The decode stage: a binary stream in, `Line`s out."""

    name = "decode"

    def __init__(self, encoding: str | None = None, strict: bool = False) -> None:
        self.given = encoding
        self.tracker = DecodeTracker(strict)
        self.detection: Detection | None = None
        self.bytes_read = 0
        self.block_end = 0  # the offset just past the block of whole lines _parts decodes
        self.careful = False  # a chunk failed: line by line (_parts)
        self.switches = 0
        self.big5: str | None = None  # the variant of Big5 the file's pairs chose (BIG5), once
        self.read_as: Counter[str] = Counter()  # lines read in another encoding than detected
        self.lines_seen = 0
        self.lines = 0  # lines decoded (a line cut in pieces counts once): --stats' lines in
        self.record = None  # Pipeline.run_bytes sets it (--explain) with `source`
        self.source = "-"

    @property
    def counts(self) -> dict[str, int]:
        out = {}
        if self.detection is not None:
            out[f"read as {self.detection.encoding}"] = 1
        if self.detection is not None and self.detection.margin is not None and self.detection.margin < UNSURE:
            out[f"unsure: next reading within {UNSURE}"] = 1  # short or ambiguous input
        if self.tracker.replaced:
            out["invalid bytes -> U+FFFD"] = self.tracker.replaced
        if self.switches:
            out["encoding switched (mixed file)"] = self.switches
        for enc, n in self.read_as.items():
            out[f"lines read as {enc}"] = n
        return out

    def __call__(self, stream: BinaryIO, blocks: bool = False) -> Iterator[Line]:
        """`Line`s, or with `blocks`, `Block`s of whole lines (for a pipeline of stages
        that never look across a line end, such as convert alone)."""
        first = stream.read(PREFIX_SIZE)
        if self.given:
            try:
                name = text_codec(self.given)
            except ValueError as e:
                raise DecodeError(str(e)) from None
            if name in ("utf-16", "utf-32") and not first.startswith(
                (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE) if name == "utf-32" else (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            ):
                # no BOM to say the byte order: the more plausible of the two
                sides = (f"{name}-le", f"{name}-be")
                best = _best(first, sides, complete=len(first) < PREFIX_SIZE)
                name = best[1] if best else sides[0]
            self.detection = Detection(name, "given")
        else:
            more = stream.read(1) if len(first) == PREFIX_SIZE else b""
            self.detection = detect(first, complete=not more)
            first += more
        self.part = self.detection.encoding
        return self._blocks(first, stream) if blocks else self._lines(first, stream)

    def _decoded(self, first: bytes, stream: BinaryIO) -> Iterator[str]:
        """The text of the stream, chunk by chunk, invalid bytes counted."""
        if self.detection.encoding in PARTS and self.detection.reason != "given":
            yield from self._parts(first, stream)
            return
        tracker = self.tracker
        decoder = codecs.getincrementaldecoder(self.detection.encoding)("zhnorm-decode")
        chunk = first
        while True:
            final = not chunk
            tracker.fed += len(chunk)
            self.bytes_read += len(chunk)
            _current.tracker = tracker
            try:
                text = decoder.decode(chunk, final)
            finally:
                _current.tracker = None
            if text:
                yield text
            if final:
                return
            chunk = stream.read(CHUNK_SIZE)

    def _parts(self, first: bytes, stream: BinaryIO) -> Iterator[str]:
        """The text of the stream in whole lines, each chunk decoded strictly in the part's
        encoding; from the first chunk that fails, line by line (`_line`), so that a file
        concatenated from parts in two encodings is read part by part."""
        pending = b""
        chunk = first
        while True:
            final = not chunk
            self.bytes_read += len(chunk)
            data = pending + chunk if pending else chunk
            cut = len(data) if final else data.rfind(b"\n") + 1
            if not cut and len(data) > PART_MAX:  # a very long line: cut after a byte below 0x30
                cut = _low_cut(data)
            block, pending = data[:cut], data[cut:]
            if block:
                self.tracker.fed = self.block_end = self.bytes_read - len(pending)
                text = self._part(block)
                if self.record is not None:  # only an encoding switch's event says its line
                    self.lines_seen += text.count("\n")
                yield text
            if final:
                return
            chunk = stream.read(CHUNK_SIZE)

    def _part(self, block: bytes) -> str:
        if self.big5 is None and self.part in BIG5 and self.detection.reason != "given":
            self._big5(block)
        if not self.careful:
            try:
                text = block.decode(self.part)
            except UnicodeDecodeError:
                self.careful = True  # a mixed file, or an odd byte: line by line from here
            else:
                lang = PARTS[self.part]
                if lang is None or not _odd(text, lang, 0.0):
                    return text  # valid UTF-8, or a plausible reading: as it is
        out = []
        start, end, lines = 0, len(block), 0
        while start < end:
            stop = block.find(b"\n", start, end) + 1 or end
            out.append(self._line(block, start, stop, lines))
            start = stop
            lines += 1
        return "".join(out)

    def _big5(self, block: bytes) -> None:
        """Where the variants of Big5 read `block` differently, the one its lines speak for
        reads the file from here on (before, they read it alike or equally well)."""
        evidence = big5_evidence(block)
        variant = big5_variant(evidence)
        if variant is None:
            if evidence is not None:
                self.part = BIG5_TIE  # they differ, but on pairs both read plausibly: undecided still
            return
        self.big5 = variant
        self.part = variant
        if self.detection.encoding in BIG5:
            self.detection = dataclasses.replace(self.detection, encoding=variant)

    def _line(self, block: bytes, start: int, stop: int, lines_before: int) -> str:
        """One line: read in the part's encoding, unless another reads it cleanly and
        clearly more plausibly (SWITCH_MARGIN); that one then reads the part from here
        if the line says enough (SWITCH_MIN telling characters)."""
        raw = block[start:stop]
        if raw.isascii():
            return raw.decode("ascii")
        current = self.part
        lang = PARTS.get(current)
        text = _decodes(raw, current, True)
        if text is not None and (lang is None or not _odd(text, lang, LINE_ODD_SHARE)):
            return text  # the part's encoding reads it, plausibly
        readings = []
        telling = (len(raw) - len(raw.translate(None, HIGH_BYTES))) // 2  # about the characters not ASCII
        candidates = PART_CANDIDATES if self.big5 is None else tuple(self.big5 if enc in BIG5 else enc for enc in PART_CANDIDATES)
        for enc in candidates if current in candidates else (current, *candidates):
            text = _decodes(raw, enc, True)
            if text is not None:
                readings.append((_part_score(text, enc), enc, text))
        if telling < SWITCH_MIN:  # too short to tell: the part's encoding, if it reads it
            for _, enc, text in readings:
                if enc == current:
                    return text
        # the fewer telling characters, the less a score says: a short line needs more
        margin = SWITCH_MARGIN + 1.0 / max(telling, 1)
        if not any(enc == current for _, enc, _ in readings):
            # the part's encoding fails here: its reading, invalid bytes and all, competes too
            readings.append((_part_score(raw.decode(current, "replace"), current), current, None))
        readings = [(s + margin if enc == current else s, enc, text) for s, enc, text in readings]
        s, enc, text = max(readings, key=lambda r: r[0])
        if text is None:  # kept in the part's encoding, invalid bytes counted
            self.tracker.fed = self.block_end - (len(block) - stop)  # the offset just past this line
            _current.tracker = self.tracker
            try:
                return raw.decode(current, "zhnorm-decode")
            finally:
                _current.tracker = None
        if enc != self.detection.encoding:
            self.read_as[enc] += 1
        if enc != current and telling >= SWITCH_MIN:
            self.part = enc
            self.switches += 1
            self.careful = True
            if self.record is not None:
                from .stage import Event

                no = self.lines_seen + lines_before + 1
                self.record(Event("decode", self.source, no, f"read as {current}", f"read as {enc}", "encoding switched"))
        return text

    def _blocks(self, first: bytes, stream: BinaryIO) -> Iterator[Line]:
        """The whole lines of each decoded chunk in one `Block` (CR LF and a lone CR ->
        LF, an LF after the last line), and a line longer than PIECE in pieces
        (`Line.cont`), cut after punctuation near the PIECE-th character of what is
        pending, so that the cuts depend on the line alone, not on where chunks end."""
        parts: list[str] = []  # the pending partial line, in pieces
        pending = 0
        no = 0
        carry = ""  # a CR at the end of a chunk: its LF, if any, is in the next one
        for text in self._decoded(first, stream):
            if carry:
                text, carry = carry + text, ""
            if "\r" in text:
                if text.endswith("\r"):
                    text, carry = text[:-1], "\r"
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            end = text.rfind("\n")
            if end >= 0:
                parts.append(text[: end + 1])
                block = "".join(parts) if pending else parts[-1]  # (no copy of a whole chunk)
                lines = block.count("\n")
                if len(block) > PIECE:  # a line in it may be long: cut it as if it were pending
                    yield from _cut_long(block, no + 1)
                else:
                    yield Block(block, no + 1, lines)
                no += lines
                self.lines = no
                parts = [text[end + 1 :]]
                pending = len(parts[0])
            else:
                parts.append(text)
                pending += len(text)
            if pending > PIECE:
                _long_line_memory()
                head = "".join(parts)
                while len(head) > PIECE:
                    cut = _piece_cut(head[:PIECE])
                    yield Line(head[:cut], no + 1, cont=True)
                    head = head[cut:]
                parts = [head]
                pending = len(head)
        tail = "".join(parts)
        if tail or carry:
            self.lines = no + 1
            yield Block(tail + "\n", no + 1, 1)

    def _lines(self, first: bytes, stream: BinaryIO) -> Iterator[Line]:
        """A `Line` per line of each block (pieces of a long line as they are)."""
        for block in self._blocks(first, stream):
            if not isinstance(block, Block):
                yield block
                continue
            no = block.no
            for text in block.text.split("\n")[:-1]:  # a block ends with LF
                yield Line(text, no)
                no += 1


#: codecs that turn bytes into text but not text files into their characters
NOT_FILE_ENCODINGS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}


def text_codec(name: str) -> str:
    """The codec name for `--from-encoding NAME`; ValueError for an unknown encoding and
    for codecs that are not text encodings (hex, base64, zlib, rot13, idna, ...)."""
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        raise ValueError(f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in NOT_FILE_ENCODINGS:
        raise ValueError(f"{name!r} is not a text encoding")
    try:
        codecs.getincrementaldecoder(info.name)("strict").decode(b"", True)
    except Exception:
        raise ValueError(f"{name!r} is not a text encoding") from None
    return info.name
