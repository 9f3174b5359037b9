"""convert: OpenCC conversion to the target script (t2s, s2t, s2twp, s2tw, s2hk; from
Taiwan or Hong Kong text, tw2sp and hk2s).

Uses the official OpenCC library (phrase-aware, with OpenCC's current dictionaries).
Lines are converted in batches (up to BATCH_CHARS characters or BATCH_LINES lines,
joined by newlines, one OpenCC call): OpenCC never matches a phrase across a newline,
so the result is the same as line by line, with far fewer calls. A batch holds no
more than that, or one line, so memory stays bounded by the longest line. For a
configuration of one step (t2s, s2t) a batch, or a block of the lines of a decoded chunk
(`--only convert`), is converted at once by table lookups over the whole text
(`Convert.convert_whole`, numpy): which lines are not in the target script yet, what each
of their characters becomes outside the runs OpenCC must see (`Runs`), those runs in one
OpenCC call; only the few lines that need more (a kept character, a Japanese or Korean
sentence, 於 left, a second conversion) take a step of their own.

One pass is final: a line already in the target script is not converted again. OpenCC
converts whatever it is given, and on text in its own output script it errs: s2t takes
the characters both scripts share for simplified ones (獲准 -> 獲準, 干預 -> 幹預,
里約 -> 裏約), t2s takes what it kept in names for Traditional (乾安县 -> 干安县,
杨联陞 -> 杨联升). So a line goes to OpenCC only if it says it is not in the target
script yet (`NotYet`, from data built out of OpenCC's own tables by
scripts/build_script_chars.py): it holds a character of the other script alone (one
OpenCC's tables convert and none of its dictionaries writes: 後, 贸), or a character
OpenCC changes alone (乾, 干) outside every phrase OpenCC writes that keeps it (乾隆,
干預). What OpenCC writes passes neither test, so a second run leaves it alone (and in the
rare line where it does not, that line is converted again until it does, or until OpenCC
leaves it as it is). A line
already in Traditional still gets the Taiwan or Hong Kong variants with --to tw / hk
(OpenCC t2tw, t2hk, their own fixed points).

To simplified (t2s, tw2sp, hk2s), what OpenCC converted gets one more step: the
Traditional variants other converters write and OpenCC's t2s leaves as they are
(堿 -> 碱: OpenCC knows 鹼 only), each the one simplified character it stands for
(data/t2s_variants.tsv, built by scripts/build_variants.py from OpenCC's STCharacters
and Unihan's variants, less every character simplified, Japanese or Korean text
writes). Only lines OpenCC converts get it (Japanese and Korean sentences left out as
for OpenCC), so a line already in simplified is not touched.

To mainland simplified, what unrender learned and OpenCC cannot know is applied after
it: a character marked in `Line.marks` becomes the simplified source its reading names
(乾(qián) -> 乾, 乾(gān) -> 干, 著 outside a zhù word -> 着).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from .chars import HAN, last_cut
from .lang import _hint as hint
from .lang import chinese_only
from .stage import Line, Stage, batched

BATCH_CHARS = 64 * 1024
BATCH_LINES = 512
SEGMENT = 256 * 1024  # a longer line is converted in pieces cut after punctuation
ROUNDS = 3  # at most this many conversions of a line (see convert_texts)
#: --to tw / hk: what a line already in Traditional gets instead (the regional variants)
ALREADY = {"s2twp": "t2tw", "s2tw": "t2tw", "s2hk": "t2hk"}


@lru_cache(maxsize=None)
def converter(config: str):
    """One converter per configuration and process, built on first use: OpenCC's, or for
    a configuration of one step, `Runs` around it (the same text, faster)."""
    import opencc

    # With the dictionaries that may output characters many fonts lack (殢 -> 𣨼,
    # 閞 -> 𫔰): OpenCC's own test cases expect them. Its C++ CLI leaves them out by
    # default, so on such characters the two differ.
    cc = opencc.OpenCC(config, include_tofu_risk_dictionaries=True)
    row = runs_table().get(config)
    return Runs(cc, row) if row is not None else cc


#: a text shorter than this goes to OpenCC whole: below it, the tables cost more than
#: they save
RUNS_MIN = 16 * 1024
#: characters the process converts before numpy is imported (0.1 s of CPU) for Runs and
#: NotYet.which: a small input never pays for it; the text is the same either way
NUMPY_AFTER = 512 * 1024
_seen = [0]  # characters converted so far, and at least those said to come (`expect`)


def big(n: int) -> bool:
    """Whether a text of `n` characters goes the vectorized way (see NUMPY_AFTER)."""
    _seen[0] += n
    return n >= RUNS_MIN and _seen[0] > NUMPY_AFTER


def expect(chars: int) -> None:
    """Say that at least `chars` characters are coming (a regular input file's size says
    so): more than NUMPY_AFTER, and the vectorized way is taken from the first text on,
    rather than after NUMPY_AFTER characters the other way. The text is the same."""
    _seen[0] += chars


class Runs:
    """OpenCC's conversion of a text, with OpenCC only on the spans that need it
    (data/opencc_runs.tsv, built by scripts/build_opencc_runs.py from the configuration's
    dictionaries): OpenCC matches only keys, so its output is its output on each maximal
    run of key characters, the characters between as they are; a run holding no
    *phrase character* (where some key converts otherwise than its characters one by
    one) converts character by character, which a table lookup over the whole text does
    at once (numpy); the runs holding one go to OpenCC, joined by newlines (not a key
    character) in one call. OpenCC's C++ converter costs about 80 ns a character; on
    Traditional text about 2% of the characters are in such runs.
    """

    def __init__(self, cc, row: tuple[str, str, str]) -> None:
        self.opencc = cc.convert
        self.row = row
        self.tables = None  # (class per code point: 0 not a key character, 1 one, 2 a phrase one; map)

    def _tables(self):
        import numpy as np

        chars, phrase, mapped = self.row
        kind = _classes((chars, 1), (phrase, 2))
        self.tables = (np, kind, _mapping(mapped))
        return self.tables

    def convert(self, text: str) -> str:
        if not big(len(text)):
            return self.opencc(text)
        np, kind, table = self.tables or self._tables()
        try:
            codes = _codes(text)
        except UnicodeEncodeError:  # a lone surrogate: as OpenCC has it
            return self.opencc(text)
        kinds = kind.take(codes)
        out = table.take(codes).tobytes().decode("utf-32-le")  # one code point for one: positions kept
        at = np.flatnonzero(kinds == 2)
        if not len(at):
            return out
        gaps = np.flatnonzero(kinds == 0)  # where runs end
        k = np.unique(np.searchsorted(gaps, at))  # the runs holding a phrase character
        starts = np.concatenate(([0], gaps + 1))[k].tolist()
        stops = np.concatenate((gaps, [len(codes)]))[k].tolist()
        done = self.opencc("\n".join([text[a:b] for a, b in zip(starts, stops)])).split("\n")
        if len(done) != len(starts):  # never seen: OpenCC wrote a newline
            return self.opencc(text)
        pieces, pos = [], 0
        for a, b, run in zip(starts, stops, done):
            pieces += (out[pos:a], run)
            pos = b
        pieces.append(out[pos:])
        return "".join(pieces)


def _codes(chars: str):
    import numpy as np

    return np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)


def _classes(*classes: tuple[str, int]):
    """A class per code point (numpy uint8, 0 for none): each (characters, class) in
    turn, a later one over an earlier one."""
    import numpy as np

    kind = np.zeros(0x110000, dtype=np.uint8)
    for chars, value in classes:
        kind[_codes(chars)] = value
    return kind


def _mapping(mapped: str):
    """The code point each code point becomes (numpy uint32, itself for most): `mapped`
    holds the others as pairs of characters, from and to (data/opencc_runs.tsv)."""
    import numpy as np

    table = np.arange(0x110000, dtype=np.uint32)
    pairs = _codes(mapped)
    table[pairs[0::2]] = pairs[1::2]
    return table


@lru_cache(maxsize=1)
def runs_table() -> dict[str, tuple[str, str, str]]:
    """config -> (key characters, phrase characters, mapped pairs) of data/opencc_runs.tsv;
    empty when the installed OpenCC is not the release the table was built from."""
    from .datafiles import files

    rows = {}
    for row in files("zhnorm").joinpath("data", "opencc_runs.tsv").read_text(encoding="utf-8").split("\n"):
        if row and not row.startswith("#"):
            name, *rest = row.split("\t")
            rows[name] = tuple(rest)
    try:
        # the installed release as its library says it (importlib.metadata says the same,
        # but importing it costs more than reading this table)
        from opencc import __version__ as installed
    except ImportError:
        return {}
    if rows.pop("version", ("",))[0] != installed:
        return {}
    return rows


class NotYet:
    """Whether a line is not in a configuration's target script yet (see the module's
    docstring): it holds a character of the other script alone, or a character OpenCC
    changes alone outside the phrases OpenCC writes that keep it."""

    def __init__(self, config: str) -> None:
        from .datafiles import files

        data = files("zhnorm").joinpath("data")
        self.alone = self.kept = None
        for row in data.joinpath("script_chars.tsv").read_text(encoding="utf-8").splitlines():
            name, _, chars = row.partition("\t")
            if name == config:
                self.alone = frozenset(chars)
        for row in data.joinpath("kept_chars.tsv").read_text(encoding="utf-8").splitlines():
            name, _, rest = row.partition("\t")
            if name == config:
                chars, _, phrases = rest.partition("\t")
                self.kept = frozenset(chars)
                self.phrases = frozenset(phrases.split())
                self.longest = max(map(len, self.phrases), default=0)
        if self.alone is None or self.kept is None:
            raise KeyError(config)
        # a character of either set, or any outside the BMP (then looked up): a class of
        # BMP ranges is a table lookup in re, one of astral characters a linear search
        either = self.alone | self.kept
        bmp = ranges(c for c in either if c <= "\uffff")
        self.scan = re.compile(f"[{bmp}\U00010000-\U0010ffff]").finditer
        self.kinds = None  # which: per code point, 1 of the other script alone, 2 kept (numpy)

    def search(self, text: str) -> bool:
        # one regular-expression scan for a character of either set: a line of the target
        # script, the common case, is one pass in C (a set's isdisjoint on a str is ten
        # times slower: it makes an object of every character)
        kept = self.kept
        for m in self.scan(text):
            c = m.group()
            if c in self.alone or (c in kept and not self._in_phrase(text, m.start())):
                return True
        return False

    def which(self, texts: list[str]) -> list[bool]:
        """`search` of each text (a line, no newline in it), for many at once: one table
        lookup over them all (numpy), `search` itself only on the texts that hold a kept
        character and none of the other script alone."""
        joined = "\n".join(texts)
        if next(self.scan(joined), None) is None:  # no character of either set (simplified text)
            return [False] * len(texts)
        if not big(len(joined)) or len(joined) > SEGMENT:
            # a piece of a long line: its arrays would be ten times its text (int64 per hit)
            return [self.search(t) for t in texts]
        import numpy as np

        if self.kinds is None:
            self.kinds = _classes(("".join(self.kept), 2), ("".join(self.alone), 1))
        try:
            codes = _codes(joined)
        except UnicodeEncodeError:
            return [self.search(t) for t in texts]
        kinds = self.kinds.take(codes)
        at = np.flatnonzero(kinds)
        out = [False] * len(texts)
        if not len(at):
            return out
        ends = np.flatnonzero(codes == 10)
        if len(ends) != len(texts) - 1:  # a text held a newline: one by one
            return [self.search(t) for t in texts]
        lines = np.searchsorted(ends, at)
        alone = kinds[at] == 1
        for i in np.unique(lines[alone]).tolist():
            out[i] = True
        for i in np.unique(lines[~alone]).tolist():
            if not out[i]:
                out[i] = self.search(texts[i])
        return out

    def _in_phrase(self, text: str, i: int) -> bool:
        phrases = self.phrases
        for size in range(2, self.longest + 1):
            for start in range(max(0, i - size + 1), i + 1):
                if text[start:start + size] in phrases:
                    return True
        return False


def ranges(chars: Iterable[str]) -> str:
    """A regular-expression class body for these characters, consecutive ones as ranges."""
    out = []
    start = prev = -2
    for c in sorted(set(map(ord, chars))):
        if c != prev + 1:  # a run ends
            if start >= 0:
                out.append(_span(start, prev))
            start = c
        prev = c
    if start >= 0:
        out.append(_span(start, prev))
    return "".join(out)


def _span(first: int, last: int) -> str:
    # re.escape escapes ASCII only: the Han of the tables go as they are
    a = chr(first) if first > 0x7F else re.escape(chr(first))
    if first == last:
        return a
    return f"{a}-{chr(last) if last > 0x7F else re.escape(chr(last))}"


def preposition_yu(text: str) -> str:
    """於 made 于 where it ends a word: after a Han character with which 于 makes a pair
    real simplified text uses (由于, 限于, 终于; data/bigrams.txt).

    Mainland simplified writes 於 only as a surname; OpenCC keeps it in the names of its
    phrase table (於單, 於倫, 於潛), and its longest match takes such a name across the end
    of a word (由 + 於單 + 核細胞 -> 由於单核细胞, 限 + 於倫 + 理 -> 限於伦理)."""
    known = yu_after()
    out, pos = [], 0  # the text in spans, not a list of its characters (a long line's memory)
    i = text.find("於", 1)
    while i > 0:
        before = "于" if pos == i and out else text[i - 1]  # 於於: the first one made 于 already
        if before in known:
            out += [text[pos:i], "于"]
            pos = i + 1
        i = text.find("於", i + 1)
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


@lru_cache(maxsize=1)
def yu_after() -> frozenset[str]:
    """The characters X of the pairs X于 in data/bigrams.txt, the lines of one character
    (not a comment's #) and 于: found where "于\n" is (building the set of all its
    250,000 pairs takes twenty times as long, a pattern tried at every line ten times)."""
    from .datafiles import files

    text = "\n" + files("zhnorm").joinpath("data", "bigrams.txt").read_text(encoding="utf-8") + "\n"
    found = set()
    i = text.find("于\n")
    while i >= 0:
        if text[i - 2] == "\n" and text[i - 1] not in "#\n":
            found.add(text[i - 1])
        i = text.find("于\n", i + 2)
    return frozenset(found)


def simplify_variants(text: str) -> str:
    """Each Traditional variant t2s leaves as it is made its simplified character: one
    regular-expression scan, and a lookup only where one is (str.translate would look
    every character up)."""
    pattern, table = t2s_variants()
    if pattern is None or not pattern.search(text):
        return text
    return pattern.sub(lambda m: table.get(ord(m.group()), m.group()), text)


@lru_cache(maxsize=1)
def t2s_variants():
    """(pattern, table): a Traditional variant t2s leaves as it is (data/t2s_variants.tsv),
    and the str.translate table (code point -> simplified character)."""
    from .datafiles import files

    table = {}
    for row in files("zhnorm").joinpath("data", "t2s_variants.tsv").read_text(encoding="utf-8").splitlines():
        if row and not row.startswith("#"):
            variant, simplified, _ = row.split("\t")
            table[ord(variant)] = simplified
    # any character outside the BMP, then looked up: in a class, a list of astral
    # characters is searched one by one at every position (ten times slower), a range is not
    bmp = ranges(chr(c) for c in table if c <= 0xFFFF)
    return (re.compile(f"[{bmp}\U00010000-\U0010ffff]") if table else None), table


@lru_cache(maxsize=None)
def not_yet(config: str) -> NotYet:
    """The test of whether a line is in `config`'s target script yet, built once."""
    return NotYet(config)


#: bits of `Whole.kind`, per code point: a key character of OpenCC's (data/opencc_runs.tsv),
#: a phrase one; one of the other script alone, one OpenCC changes alone outside the phrases
#: that keep it (NotYet); one that may start a Japanese or Korean reading (lang); and of
#: what `Whole.table` makes of it: another character, one of the other script alone or kept, 於
KEY, PHRASE, ALONE, KEPT, HINT, MAPS, OUT_NOT_YET, OUT_YU = 1, 2, 4, 8, 16, 32, 64, 128
#: a text with more lines than this that the table would change but that are not converted
#: takes the table through a mask of every position, not line by line
KEEP_LINES = 64
#: a text in which at most this share of the lines is not in the target script yet has
#: those lines converted alone (`Convert._only`)
FEW = 0.25
YU = ord("於")


class Whole:
    """The tables `Convert.convert_whole` looks a text up in, at once for all its lines
    (numpy): `kind`, the bits above per code point, and `table`, what a line that is
    converted gets for each code point outside the runs OpenCC converts (OpenCC's
    character mapping, then to simplified the variant's character, data/t2s_variants.tsv)."""

    def __init__(self, config: str, hans: bool) -> None:
        import numpy as np

        chars, phrase, mapped = runs_table()[config]
        test = not_yet(config)
        kind = _classes((chars, KEY), (phrase, KEY | PHRASE))
        kind[_codes("".join(test.alone))] |= ALONE
        kind[_codes("".join(test.kept))] |= KEPT
        # the characters lang's hint matches: it has none outside the BMP (a test says so)
        bmp = np.arange(0x10000, dtype=np.uint32)
        bmp[0xD800:0xE000] = 0x20  # no surrogate in a str to scan
        kind[[m.start() for m in hint().finditer(bmp.tobytes().decode("utf-32-le"))]] |= HINT
        table = _mapping(mapped)
        variants = t2s_variants()[1] if hans else {}
        if variants:  # where the table writes a variant, its simplified character
            is_variant = np.zeros(0x110000, dtype=bool)
            is_variant[list(variants)] = True
            at = np.flatnonzero(is_variant[table])
            table[at] = _codes("".join([variants[c] for c in table[at].tolist()]))
        changed = np.flatnonzero(table != np.arange(0x110000, dtype=np.uint32))
        after = kind[table[changed]]
        kind[changed] |= MAPS
        kind[changed[(after & (ALONE | KEPT)) != 0]] |= OUT_NOT_YET
        kind[changed[table[changed] == YU]] |= OUT_YU
        self.kind, self.table, self.np = kind, table, np


@lru_cache(maxsize=None)
def whole_tables(config: str, hans: bool) -> Whole:
    return Whole(config, hans)


def _runs(np, kinds, at):
    """(starts, stops) of the runs of key characters holding the positions `at` (sorted)."""
    n = len(kinds)
    gaps = np.flatnonzero((kinds & KEY) == 0)  # where runs end
    if not len(gaps):
        return np.zeros(1, dtype=np.int64), np.full(1, n)
    k = np.searchsorted(gaps, at)
    k = k[np.concatenate(([True], k[1:] != k[:-1]))]  # each run once
    starts = gaps[np.maximum(k - 1, 0)] + 1
    starts[k == 0] = 0
    stops = gaps[np.minimum(k, len(gaps) - 1)]
    stops[k == len(gaps)] = n
    return starts, stops


class Convert(Stage):
    name = "convert"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.config = options.opencc_config
        # Chinese only: Japanese and Korean sentences are left alone, and counted (lang.py);
        # each converter as (OpenCC's own, for text no foreign sentence can be in; that
        # one on the Chinese sentences only)
        self.hans = options.to == "hans"
        self._convert = self._pair(self.config) if self.config else None
        self.not_yet = not_yet(self.config) if self.config else None
        already = ALREADY.get(self.config or "")
        self._already = self._pair(already) if already else None
        self._whole: bool | None = None  # whether convert_whole applies, found on first use

    def _pair(self, config: str):
        if self.hans:
            def raw(text: str) -> str:
                return simplify_variants(converter(config).convert(text))
        else:
            def raw(text: str) -> str:
                # OpenCC's converter is built on the first text that needs it: most lines of
                # text in the target script never do, and `echo 你好 | normalize` does not
                return converter(config).convert(text)

        return raw, chinese_only(raw, self.counts)

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        if self._convert is None:
            for line in lines:
                line.marks = None
                yield line
            return
        for batch in batched(lines, BATCH_CHARS, BATCH_LINES):
            yield from self._batch(batch)

    def blocks(self, blocks: Iterable[Line]) -> Iterator[Line]:
        """Convert `Block`s (and pieces of long lines) as they come: OpenCC never matches
        across a line end, so a block converts as its lines would one by one."""
        for block in blocks:
            text = block.text
            if self._convert is not None and HAN.search(text):
                whole = self.convert_whole(text)
                if whole is None:
                    texts = text.split("\n")
                    out = self._lines(texts)
                    whole = "\n".join(out), sum(map(str.__ne__, texts, out))
                new, changed = whole
                if changed:
                    self.counts[self.config] += changed
                    block.text = new
            yield block

    def _batch(self, batch: list[Line]) -> list[Line]:
        texts = [line.text for line in batch]
        joined = "\n".join(texts)
        if not HAN.search(joined):
            for line in batch:
                line.marks = None
            return batch
        converted, changed = self._converted(texts, joined)
        if self.record is None and not any(line.marks for line in batch):
            # nothing recorded and no reading to apply: the changed lines counted at once
            # (by the tables when they converted the batch whole, `_by_tables`)
            if changed is None:
                changed = sum(map(str.__ne__, texts, converted))
            if changed:
                self.counts[self.config] += changed
            for line, new in zip(batch, converted):
                line.text = new
                line.marks = None
            return batch
        for line, text, new in zip(batch, texts, converted):
            if new != text:
                self.note(line, text, new, self.config)
            if self.hans and line.marks:
                new = self._settle(line, new)
            line.text = new
            line.marks = None
        return batch

    def convert_texts(self, texts: list[str], joined: str | None = None) -> list[str]:
        """Each text (a line) in the target script: converted only if it is not in it yet
        (see the module's docstring), with one OpenCC call for all those that are.
        `joined`: the texts joined by newlines, if the caller has them."""
        return self._converted(texts, joined)[0]

    def _converted(self, texts: list[str], joined: str | None = None) -> tuple[list[str], int | None]:
        """`convert_texts`, and how many of the texts changed when the tables converted
        them whole and counted them (else None)."""
        if len(texts) > 1 and big(sum(map(len, texts))):
            joined = "\n".join(texts) if joined is None else joined
            # no text holds a newline: the tables check it (`lines`), else one by one
            whole = self._by_tables(joined, len(texts))
            if isinstance(whole, list):
                return self._only(texts, whole), None
            if whole is not None:
                return whole[0].split("\n"), whole[1]
        return self._lines(texts), None

    def _only(self, texts: list[str], where: list[int]) -> list[str]:
        """`texts` with those at `where` (the only ones not in the target script yet)
        converted as `convert_texts` converts them; the others as they are, untouched."""
        out = list(texts)
        for i, new in zip(where, self.convert_texts([texts[i] for i in where])):
            out[i] = new
        return out

    def _lines(self, texts: list[str]) -> list[str]:
        """`convert_texts` line by line: which lines are not in the target script yet
        (`NotYet.which`), then their rounds (`_rounds`)."""
        out = list(texts)
        which = self.not_yet.which
        todo = [i for i, yes in enumerate(which(texts)) if yes]
        if self._already is not None:
            waiting = set(todo)
            rest = [i for i, t in enumerate(texts) if i not in waiting and HAN.search(t)]
            self._apply(out, rest, self._already)
            # the regional variants can write a character that says "not yet" (幺 -> 么)
            changed = [i for i in rest if out[i] != texts[i]]
            todo = sorted(todo + [i for i, yes in zip(changed, which([out[i] for i in changed])) if yes])
        self._rounds(out, todo, ROUNDS)
        return out

    def _rounds(self, out: list[str], todo: list[int], rounds: int) -> None:
        """out[i] converted for each i in `todo`, again while what OpenCC wrote still says
        "not yet" (rare: 6 of 19,364 real lines, to tw), until it no longer does, or
        OpenCC leaves it as it is, `rounds` conversions at most; then to simplified 於
        ending a word made 于."""
        which = self.not_yet.which
        converted = todo
        for _ in range(rounds):
            if not todo:
                break
            before = [out[i] for i in todo]
            self._apply(out, todo, self._convert)
            changed = [i for i, old in zip(todo, before) if out[i] != old]
            todo = [i for i, yes in zip(changed, which([out[i] for i in changed])) if yes]
        if self.hans:
            for i in converted:
                if "於" in out[i]:
                    out[i] = preposition_yu(out[i])

    def convert_whole(self, text: str) -> tuple[str, int] | None:
        """`text`, lines joined by newlines, as `convert_texts` converts its lines, and how
        many lines changed; None when the tables do not apply (see `_by_tables`)."""
        whole = self._by_tables(text)
        if isinstance(whole, list):
            texts = text.split("\n")
            out = self._only(texts, whole)
            return "\n".join(out), sum(map(str.__ne__, texts, out))
        return whole

    def _by_tables(self, text: str, lines: int | None = None) -> tuple[str, int] | list[int] | None:
        """`text`, lines joined by newlines, as `convert_texts` converts its lines, and how
        many lines changed; by table lookups over the whole text (numpy, `Whole`), not a
        step per line:
        which lines are not in the target script yet; on those, every character outside
        the runs `Runs` sends to OpenCC by the table (the variants too); those runs, of all
        the lines, in one OpenCC call. The few lines that need more go the way of
        `convert_texts`: a line with a kept character and none of the other script alone
        (`NotYet.search`), one that may hold a Japanese or Korean sentence, one that
        still says "not yet" once converted, one with 於 left. None when this does not
        apply (a configuration of more than one step, --to tw or hk, a short text, a lone
        surrogate, OpenCC changing a run's length), for `convert_texts` to do it. When
        few of the lines are not in the target script yet (FEW: most lines of simplified
        text are), their numbers, for `_only` to convert those lines alone: the tables
        then look at a few lines, not at the whole text again. `lines`, when given, is
        how many texts `text` joins: None too if it holds more newlines than they make."""
        if self._whole is None:
            self._whole = self._already is None and self.config in runs_table()
        if not self._whole or not big(len(text)):
            return None
        tables = whole_tables(self.config, self.hans)
        np, kind = tables.np, tables.kind
        try:
            codes = _codes(text)
        except UnicodeEncodeError:  # a lone surrogate
            return None
        kinds = kind.take(codes)  # take: about half the instructions of kind[codes]
        n = len(codes)
        ends = np.flatnonzero(codes == 10)
        if lines is not None and len(ends) != lines - 1:
            return None  # one of the `lines` texts holds a newline
        starts = np.concatenate(([0], ends + 1))
        stops = np.concatenate((ends, [n]))
        # each line's bits, its newline's (none) with it; an empty last line has none
        bits = np.zeros(len(starts), dtype=np.uint8)
        full = len(starts) - (starts[-1] == n)
        if full:
            bits[:full] = np.bitwise_or.reduceat(kinds, starts[:full])
        todo = (bits & ALONE) != 0
        search = self.not_yet.search
        for i in np.flatnonzero((bits & (ALONE | KEPT)) == KEPT).tolist():
            todo[i] = search(text[starts[i]:stops[i]])
        foreign = np.flatnonzero(todo & ((bits & HINT) != 0))  # each on its own, its Chinese only
        todo[foreign] = False
        if not len(foreign) and not todo.any():
            return text, 0
        need = todo.copy()
        need[foreign] = True
        need = np.flatnonzero(need)
        if len(need) <= FEW * len(starts):
            return need.tolist()
        out = tables.table.take(codes)
        keep = np.flatnonzero(~todo & ((bits & MAPS) != 0))  # lines the table would change
        if len(keep) > KEEP_LINES:
            out = np.where(np.repeat(todo, stops - starts + 1)[:n], out, codes)
        else:
            for i in keep.tolist():
                out[starts[i]:stops[i]] = codes[starts[i]:stops[i]]
        at = np.flatnonzero(kinds & PHRASE)
        at = at[todo[np.searchsorted(ends, at)]]
        if len(at):
            first, last = _runs(np, kinds, at)
            size = last - first + 1  # with the newline after it
            offset = np.cumsum(size) - size  # where each starts in the joined runs
            where = np.repeat(first - offset, size) + np.arange(int(size.sum()))
            where[-1] = min(int(where[-1]), n - 1)  # the last run's newline: none in the text
            joined = codes[where]
            joined[offset + size - 1] = 10
            runs = joined[:-1].tobytes().decode("utf-32-le")
            done = converter(self.config).opencc(runs)
            if self.hans:
                done = simplify_variants(done)
            got = _codes(done)
            keep = got != 10
            if len(got) != len(runs) or not np.array_equal(keep, joined[:-1] != 10):
                return None  # OpenCC changed a run's length (or wrote a newline)
            where = where[:-1][keep]
            out[where] = got = got[keep]
            said = kind.take(got) & (ALONE | KEPT)  # what OpenCC wrote says "not yet", or is 於
            hit = np.flatnonzero((said != 0) | (got == YU))
            if len(hit):
                lines = np.searchsorted(ends, where[hit])
                np.bitwise_or.at(bits, lines, np.where(said[hit] != 0, OUT_NOT_YET, 0) | np.where(got[hit] == YU, OUT_YU, 0))
        new = out.tobytes().decode("utf-32-le")
        patches = {}
        for i in np.flatnonzero(todo & ((bits & OUT_NOT_YET) != 0)).tolist():
            line = new[starts[i]:stops[i]]
            if line != text[starts[i]:stops[i]] and search(line):
                patches[i] = line  # converted again, as `_rounds` converts it
        redo = list(patches)
        for where, rounds, source in ((foreign.tolist(), ROUNDS, text), (redo, ROUNDS - 1, new)):
            if where:
                some = [source[starts[i]:stops[i]] for i in where]
                self._rounds(some, list(range(len(some))), rounds)
                patches.update(zip(where, some))
        if self.hans:
            for i in np.flatnonzero(todo & ((bits & OUT_YU) != 0)).tolist():
                if i not in patches:
                    patches[i] = preposition_yu(new[starts[i]:stops[i]])
        changed = np.zeros(len(starts), dtype=bool)  # the lines that changed
        if full:
            changed[:full] = np.logical_or.reduceat(out != codes, starts[:full])
        if not patches:
            return new, int(changed.sum())
        pieces, pos = [], 0
        for i in sorted(patches):
            pieces += (new[pos:starts[i]], patches[i])
            pos = stops[i]
            changed[i] = patches[i] != text[starts[i]:stops[i]]
        pieces.append(new[pos:])
        return "".join(pieces), int(changed.sum())

    def _apply(self, out: list[str], where: list[int], pair) -> None:
        """out[i] = convert(out[i]) for each i in `where`: the lines where no Japanese or
        Korean sentence can be with one call of OpenCC's own converter (it never
        matches across a newline), each other line on its Chinese sentences only."""
        if not where:
            return
        raw, chinese = pair
        may_be_foreign = hint().search
        joined = "\n".join([out[i] for i in where])
        if may_be_foreign(joined):  # one scan says whether any line needs a look of its own
            plain = []
            for i in where:
                if may_be_foreign(out[i]):
                    out[i] = self._convert_long(out[i], chinese)
                else:
                    plain.append(i)
            if not plain:
                return
            joined = "\n".join(out[i] for i in plain)
        else:
            plain = where
        new = self._convert_long(joined, raw).split("\n")
        if len(new) != len(plain):  # never seen; fall back to one call per line
            new = [raw(out[i]) for i in plain]
        for i, text in zip(plain, new):
            out[i] = text

    def _convert_long(self, text: str, convert) -> str:
        """Convert, cutting text longer than SEGMENT after punctuation (OpenCC's phrases do
        not span punctuation), so OpenCC never holds a whole 50 MB line."""
        if len(text) <= SEGMENT:
            return convert(text)
        out, pos, n = [], 0, len(text)
        while pos < n:
            end = min(pos + SEGMENT, n)
            if end < n:
                end = last_cut(text, max(pos, end - 4096), end) or end
            out.append(convert(text[pos:end]))
            pos = end
        return "".join(out)

    def _settle(self, line: Line, text: str) -> str:
        """Apply the characters unrender chose (when t2s kept every position in place)."""
        from .tidy import replace_at

        marks = line.marks
        if not marks or len(text) != len(line.text):
            return text
        changes = {i: s[0] for i, s in marks.items() if text[i] != s[0]}
        if not changes:
            return text
        changed = len(changes)
        new = replace_at(text, changes)
        readings = {i: marks[i][1:] for i in changes if len(marks[i]) > 1}
        if readings:
            new = self._with_readings(new, readings)
        self.note(line, text, new, "characters chosen by reading or context", changed)
        return new

    def _with_readings(self, text: str, readings: dict[int, str]) -> str:
        """`text` with the reading that chose a character written after it, 乾（qián），
        where this conversion, run again, would change that character (乾 alone is 干 to
        OpenCC; in 乾隆 it stays, and so does the text): a second run then still knows
        the reading (unrender.kept_readings), and one pass is final."""
        again = self.convert_texts([text])[0]
        out = text
        for i in sorted(readings, reverse=True):
            if len(again) == len(text) and again[i] == text[i]:
                continue
            if out[i + 1 : i + 2] in ("\uff08", "("):
                continue
            out = f"{out[: i + 1]}\uff08{readings[i]}\uff09{out[i + 1 :]}"
        return out
