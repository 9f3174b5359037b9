"""clean: drop web boilerplate lines, keep every line of the article.

What goes is decided by data (data/boilerplate.toml, plus the user's `--rules` files):
named categories of patterns, each with a length limit and, where prose may use the
same words (在上一篇报道中…, 该网站首页改版后…), a prose guard. A few shapes are code,
tuned by the same file's [features]: menus of short labels, letter-spaced labels
(相 关 报 道), keyword-list spam, lines padded with random letters, and runs of short
link labels on their own lines, which are decided within a bounded look-ahead so that
the stage still streams. The rules are loaded and checked by rules.py.

Then the page decides what the rules left doubtful (page.py): a short line, or one
without a sentence, goes or stays by the lines around it.

A CSV or TSV input (`--format`, or its name) is data: its rows all stay.

Lines are matched with odd spaces made plain and ends stripped; with a target other
than mainland simplified, or without convert, through a simplified shadow of the line,
so that the rules are written once. Every dropped line is counted under its category and, when asked
(`--dropped FILE`), recorded with its source line number.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Iterable, Iterator

from . import tidy
from .chars import HAN
from .lazyre import Lazy
from .rules import PROSE_END, Rule, RulesError, is_prose, load_rules  # noqa: F401 (RulesError: the CLI's)
from . import page
from .stage import Line, Stage

ODD_SPACE = re.compile("[" + "".join(tidy.SPACES) + "\t]")
SPACES = str.maketrans({**tidy.SPACES, "\t": " "})  # tidy's odd spaces, and tabs
LIST_ITEM = Lazy(r"[-–•·●◆■▪]\s*\S")  # an item of a list: a bullet, then its text
ITEM_MAX = 80
STRAY = "stray"  # the category of a line without text (Clean.stray)  # a list's item is at most this long
SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
sentence_punct = page.sentence_punct  # whether SENTENCE_PUNCT is found, by `in` for each


# these two compiled on first use: only lists and --template-lines need them
@lru_cache(maxsize=1)
def numbered_heading() -> re.Pattern:
    """A numbered heading."""
    return re.compile(r"(?:\d+(?:\.\d+)*|[一二三四五六七八九十]+|第[一二三四五六七八九十百\d]+[章节部分篇])[.、．)）]?\s*\S")


@lru_cache(maxsize=1)
def template_numbered() -> re.Pattern:
    """A numbered heading or item (一、 （二） 3. 第四章) found in many documents: the
    structure of a text, which documents of one kind share."""
    return re.compile(r"^\s*(?:第[一二三四五六七八九十百千\d]+[章节条款部分篇]|[一二三四五六七八九十百]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,3}\s*[、.．]\D)")


def template_kept(s: str) -> bool:
    """A line found in many documents (templates.py) that stays all the same: it reads as
    prose (it ends a sentence: an article several sites carry, a caption such as
    图为会议现场。), or it is a numbered heading."""
    return PROSE_END.search(s) is not None or template_numbered().match(s) is not None


NOTE_NUMBER = Lazy(r"(\d{1,2})\s*[、．.](?!\d)")  # an item of a numbered list (2、…)
CRUMB_SPLIT = Lazy(r">>?|»|›|→|＞|&gt;|/")  # a breadcrumb's separators
CUT_SHORT = Lazy(r"(?:…|\.{3})\s*$")  # an excerpt's end: an ellipsis
PAGER = Lazy(r"1(?:\s+\d+){2,}")  # a pager's page numbers: 1 2 3 4 5
LINK_LIKE = Lazy(r"[\u4e00-\u9fffA-Za-z0-9 ]+")
LETTER_SPACED = Lazy(r"(?:[\u4e00-\u9fff] +){2,}[\u4e00-\u9fff]")  # runs of spaces too: tidy folds them to one


#: 12 or more lowercase letters, its first one apart: `re` scans for a class's characters
#: before trying a match only when the pattern starts with the class itself, not with a
#: repeat of it (three times fewer instructions on Chinese lines holding Latin words)
LOWER_RUN = re.compile(r"[a-z][a-z]{11,}")
CONSONANTS = Lazy(r"[bcdfghjklmnpqrstvwxyz]{3,}")
MASH_LINE_MAX = 120


def mashed(s: str) -> bool:
    """A Chinese line holding a random run of letters (gfyuweutrbhedguifhkst), the
    padding that SEO-injected lines carry so that no two are the same: at least 12
    lowercase letters with three or more clusters of three consonants, or almost no
    vowels (under one in five)."""
    first = LOWER_RUN.search(s)  # most lines hold no such run: one scan, and no other
    if first is None or not HAN.search(s):
        return False
    for m in LOWER_RUN.finditer(s, first.start()):
        run = m.group()
        if len(CONSONANTS.findall(run)) >= 3 or sum(map("aeiou".__contains__, run)) * 5 < len(run):
            return True
    return False


KEYWORD_SEP = Lazy(r"\s*[，,_|｜]\s*")
KEYWORD_MAX = 16  # an item of a clone site's keyword list is at most this long
TITLE_SKIP = set("，,、_|｜ \u3000")  # what a clone site puts between the words of a title
TITLE_MIN = 8  # a title this long or longer, said at the start of a line, is the page's
REST_MIN = 10  # what is left after a cut prefix is at least this long


def cut_title_prefix(text: str, title: str, shown: str | None = None) -> str | None:
    """What is left of a line that starts with the page's title (its words split by
    commas or spaces) and a comma-separated list of short keywords before the text
    (a clone site's first paragraph: 标题,关键词,关键词,正文…); None: not such a line.
    The last short item stays: the text's first clause (一开始，…) looks the same.
    `shown`: the line as it is written, when `text` is its simplified shadow (the same
    length): what is left is taken from it."""
    i, j, n = 0, 0, len(text)
    items = 0  # the title's words split by commas count as items of the list
    while j < len(title):
        if i >= n:
            return None
        if text[i] == title[j]:
            i, j = i + 1, j + 1
        elif text[i] in TITLE_SKIP and j:
            items += text[i] in "，,_|｜" and text[i - 1] not in TITLE_SKIP
            i += 1
        else:
            return None
    m = KEYWORD_SEP.match(text, i)
    if m is None:
        return None
    i = m.end()
    last = i  # where the last item taken starts: it stays, being maybe the text's first clause
    while True:
        m = KEYWORD_SEP.search(text, i)
        if m is None or m.start() - i > KEYWORD_MAX or SENTENCE_PUNCT.search(text, i, m.start()) or page.FUNCTION.search(text, i, m.start()):
            break  # a keyword is short, and no clause: no sentence punctuation, no function character
        last, i, items = i, m.end(), items + 1
    i = last
    if items < 2 or len(title) < TITLE_MIN:
        return None
    rest = (text if shown is None else shown)[i:].strip()
    return rest if len(rest) >= REST_MIN else None


@lru_cache(maxsize=None)
def _rarity(c: str) -> tuple[float, int]:
    """How common `c` is in running Chinese text, to sort by (data/langfreq.tsv's weight
    for a Han character, -1 for one not among its commonest; other characters after
    every Han one, lowercase letters last)."""
    if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff":
        w = lang_weights().get(c)
        return (w[0] if w is not None else -1.0, 0)
    return (2.0, 2 if c.islower() else 1 if c.isascii() else 0)


def lang_weights() -> dict:
    from .lang import _tables

    return _tables()[0]


#: characters a process classifies before the keywords are looked for `anchored`: building
#: those patterns (and reading data/langfreq.tsv for them) costs more than a short input
#: saves; the keywords found are the same either way
ANCHOR_AFTER = 64 * 1024
_classified = [0]  # per process, as `anchored`'s patterns are


@lru_cache(maxsize=64)
def anchored(words: tuple[str, ...]) -> re.Pattern:
    """One pattern for literal `words` that finds each at its rarest character (`_rarity`):
    `A(?<=PA)S` for a word P A S. `re` looks for a pattern's first characters before it
    tries the rest, so the scan stops only at those rarer characters, where a pattern of
    the words themselves stops at every first character of one (一 上 下 ...) and tries
    them all. A word's match starts at its anchor, at most len(word) - 1 after the
    word's start."""
    groups: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        k = min(range(len(w)), key=lambda i: _rarity(w[i]))
        a = w[k]
        groups.setdefault(a, []).append((f"(?<={re.escape(w[:k + 1])})" if k else "") + re.escape(w[k + 1:]))
    alts = []
    for a, rests in groups.items():
        alts.append(re.escape(a) + ("" if rests == [""] else "(?:" + "|".join(rests) + ")"))
    return re.compile("|".join(alts))


class Clean(Stage):
    name = "clean"

    def __init__(self, options, **kw) -> None:
        super().__init__(options, **kw)
        self.rules = load_rules(tuple(options.rules))
        f = self.rules.features
        self.menu_split = self.rules.compile_feature("menu_separators", r"\s*[|｜]\s*")
        self.spam_split = self.rules.compile_feature("spam_separators", r"\s*[_|｜,]\s*")
        self.nav_words = tuple(f.get("nav_words", ()))
        # what a menu holds (`menu`): a bar, or a navigation word; one scan for them all
        self.menu_marks = re.compile("|".join(map(re.escape, sorted({"|", "｜", *self.nav_words}, key=len, reverse=True))))
        self.shadow = None
        # the rules are written in simplified: a line is matched in simplified whenever the
        # text may not be (another target, or convert skipped), so that a Traditional
        # page's boilerplate is found on the first run, not once convert has run
        if options.to != "hans" or "convert" not in options.stages:
            from .convert import converter

            self.shadow = converter("t2s").convert
        limits = [r.max_len for r in self.rules.rules if r.max_len is not None]
        self.limits = sorted(set(limits))  # lines are sorted into these lengths' rule sets
        # the rule sets by length, built once for these rules (every input's Clean shares
        # them: building one costs about 1 M instructions, a page of text or more)
        shared = self.rules.derived.get("clean")
        if shared is None:
            shared = self.rules.derived["clean"] = ({}, {}, {})
        self._by_length: dict[int | None, tuple] = shared[0]
        self._by_n: dict[int, tuple] = shared[1]  # the same by a line's length, looked up first
        self._anchors: dict[int, re.Pattern] = shared[2]  # a length's keywords `anchored`, by their pattern's id
        self.longest = max(limits + [f.get("menu_max_item", 8) * 40, 40])
        from .formats import SEPARATORS, guess

        # CSV, TSV: each line is a record of data, neither prose nor boilerplate; all stay
        self.data = guess(self.source, getattr(options, "format", "auto")) in SEPARATORS
        self.trimmed = False  # the first body line after the title was looked at (trim)
        self.follow: str | None = None  # drop the next non-blank line under this category
        self.listing: str | None = None  # drop title-like lines under this category
        self.numbered: tuple[str, int] | None = None  # a claimed numbered item: (category, number)
        self.crumb: str | None = None  # the last item of the breadcrumb just above
        self.items_only = False  # the list is of items only (a table of contents)
        self.gap = False  # a blank line came since the list's last line
        self.stray_marks = frozenset(f.get("stray_marks", ""))
        self.stray_max = f.get("stray_max", 3)
        self.run_max_len = f.get("run_max_len", 6)

    def match_text(self, text: str, line: Line | None = None) -> str:
        """`text` as the rules see it: odd spaces and tabs made plain, ends stripped, in
        simplified (`shadow`). `line`: the Line that holds `text`, told when its text is
        printable (`Line.printable`, for tidy)."""
        if text.isprintable():  # (no odd space, no tab: `tidy.unprintable_in`)
            if line is not None:
                line.printable = text
            s = text.strip()
        else:
            s = (text.translate(SPACES) if ODD_SPACE.search(text) else text).strip()
        if self.shadow is not None and HAN.search(s):
            s = self.shadow(s)
        return s

    # -- deciding one line -----------------------------------------------------------

    def stray(self, s: str) -> bool:
        """No text: a few marks a page's layout or a lost character left (| ?), or a
        pager's page numbers, each one more than the one before (1 2 3 4 5)."""
        if len(s) <= self.stray_max and all(c in self.stray_marks for c in s):
            return True
        if PAGER.fullmatch(s):
            numbers = s.split()
            return all(int(b) == int(a) + 1 for a, b in zip(numbers, numbers[1:]))
        return False

    def menu(self, s: str, punct: bool | None = None) -> bool:
        """A line of short labels split by | · or wide spaces, or letter-spaced (相 关 报 道).
        `punct`: whether `s` holds sentence punctuation, if the caller looked already."""
        if " " in s and LETTER_SPACED.fullmatch(s):  # (spaced: it holds a space)
            return True
        if punct if punct is not None else SENTENCE_PUNCT.search(s):
            return False
        # a bar or a navigation word first: one scan, where splitting the line by the
        # separators tries them at every character
        if self.menu_marks.search(s) is None:
            return False
        f = self.rules.features
        items = [x for x in self.menu_split.split(s) if x]
        return len(items) >= f.get("menu_min_items", 3) and all(len(x) <= f.get("menu_max_item", 8) for x in items)

    def keyword_spam(self, s: str, punct: bool | None = None) -> bool:
        """Short items split by _ | , or wide spaces, most sharing one 2-character string."""
        if punct if punct is not None else SENTENCE_PUNCT.search(s):
            return False
        f = self.rules.features
        items = [x for x in self.spam_split.split(s) if x]
        if len(items) < f.get("spam_min_items", 4) or any(len(x) > f.get("spam_max_item", 12) for x in items):
            return False
        grams: dict[str, int] = {}
        for x in items:
            for g in {x[i : i + 2] for i in range(len(x) - 1)}:
                if HAN.search(g):
                    grams[g] = grams.get(g, 0) + 1
        return bool(grams) and max(grams.values()) * 2 >= len(items)

    def _rules_for(self, n: int) -> tuple[list[tuple[int, "Rule"]], re.Pattern | None, bool, dict[str, int], int, tuple[str, ...]]:
        """The rules a line of length `n` may match, one pattern for their keywords,
        whether that pattern gates the line (False: some rule has none, so every line is
        looked at by the rules themselves, each rule with keywords still needing one),
        and which of those rules each keyword is one of (bit i: the i-th), with the
        rules that have none (tried whatever the line holds); and the keywords, the
        longest first (for `anchored`)."""
        got = self._by_n.get(n)
        if got is not None:
            return got
        k = bisect.bisect_left(self.limits, n)
        key = self.limits[k] if k < len(self.limits) else None
        got = self._by_length.get(key)
        if got is None:
            rules = [(k, r) for k, r in enumerate(self.rules.rules) if r.max_len is None or (key is not None and key <= r.max_len)]
            words = sorted({w for _, r in rules for w in r.keywords}, key=len, reverse=True)
            pattern = re.compile("|".join(map(re.escape, words))) if words else None
            gate = pattern is not None and all(r.keywords for _, r in rules)  # no rule without
            masks: dict[str, int] = {}
            always = 0
            for i, (_, r) in enumerate(rules):
                always |= (not r.keywords) << i
                for w in r.keywords:
                    masks[w] = masks.get(w, 0) | 1 << i
            got = self._by_length[key] = (rules, pattern, gate, masks, always, tuple(words))
        self._by_n[n] = got
        return got

    def classify(self, s: str) -> tuple:
        """What a line is, whatever came before it: (menu, first matching rule's index,
        doubtful, keyword spam). Pure: it looks at nothing but `s`.
        Doubtful: not a line of the body by itself (see page.py); its neighbours decide."""
        if not s:
            return (False, None, False, False)
        if s[0] in tidy.BULLETS:  # the rules see the line as tidy leaves it (its bullet gone)
            s = tidy.unbullet(s) or s
        n = len(s)
        punct = sentence_punct(s)
        doubtful = page.doubtful(s, n, punct)
        rule_at = None
        rules, keywords, gate, masks, always, words = self._by_n.get(n) or self._rules_for(n)
        found = None
        if rules and keywords is not None:
            if _classified[0] > ANCHOR_AFTER:
                anchor = self._anchors.get(id(keywords))  # (a pattern's hash reads all its code)
                if anchor is None:
                    anchor = self._anchors[id(keywords)] = anchored(words)
                first = anchor.search(s)  # the keyword found at the leftmost anchor
                if first is not None:  # none starts more than the longest one's length before it
                    found = keywords.findall(s, max(0, first.start() - len(words[0]) + 1))
            else:
                _classified[0] += n
                found = keywords.findall(s)
        if rules and (found or not gate):
            todo = always  # the rules to try, in order: those without keywords, and
            if found:  # those of the keywords found
                for word in set(found):
                    todo |= masks[word]
            while todo:
                low = todo & -todo
                k, rule = rules[low.bit_length() - 1]
                if rule.matches(s):
                    rule_at = k
                    break
                todo ^= low
        # a line with sentence punctuation is a menu only letter-spaced: it holds a space
        menu = n <= self.longest and (not punct or " " in s) and self.menu(s, punct)
        spam = rule_at is None and not menu and (
            (not punct and self.keyword_spam(s, punct)) or (n <= MASH_LINE_MAX and mashed(s))
        )
        return (menu, rule_at, doubtful, spam)

    def decide(self, s: str, cls: tuple | None = None) -> str | None:
        """The category of boilerplate this line is, or None to keep it.

        In order: a menu's shape; the rules; the next item of a numbered list whose last
        item a rule claimed (1、… 下载 / 2、…); the line after a label-only line (上一篇：);
        the section a breadcrumb ends with, said again under it; the title-like lines
        of a list after its heading (相关新闻), and its rows of headlines split by spaces;
        keyword-list spam.
        """
        if not s:
            self.gap = True
            return None
        gap, self.gap = self.gap, False
        menu, rule_at, _, spam = cls if cls is not None else self.classify(s)
        follow, self.follow = self.follow, None
        numbered, self.numbered = self.numbered, None
        crumb, self.crumb = self.crumb, None
        title = (follow is not None or self.listing is not None) and page.title_like(s)
        if menu:
            self.listing = None
            return "nav"
        number = NOTE_NUMBER.match(s) if s[0].isdecimal() else None  # (a digit first: re's \d is what isdecimal() takes)
        if rule_at is not None:
            rule = self.rules.rules[rule_at]
            if rule.label_only and re.search(r"[:：]\s*$", s):
                self.follow = rule.category
            self.listing = rule.category if rule.list_heading else None
            self.items_only = rule.list_items
            if number:
                self.numbered = (rule.category, int(number.group(1)))
            if rule.category == "breadcrumb":
                self.crumb = CRUMB_SPLIT.split(s)[-1].strip()
            return rule.category
        if numbered is not None and number and not gap and int(number.group(1)) == numbered[1] + 1:
            self.numbered = (numbered[0], numbered[1] + 1)
            return numbered[0]
        if follow is not None and title:
            return follow
        if crumb and s == crumb:
            return "breadcrumb"
        if self.listing is not None:
            item = len(s) <= ITEM_MAX and LIST_ITEM.match(s)
            if self.items_only:  # its bulleted items, or numbered headings right after the last
                if (item or (not gap and numbered_heading().match(s))) and page.title_like(s):
                    return self.listing
            elif title or item or page.headline_row(s):
                return self.listing
            self.listing = None
        return "spam" if spam else None

    # -- streaming -------------------------------------------------------------------

    def link_like(self, s: str) -> bool:
        return 0 < len(s) <= self.run_max_len and LINK_LIKE.fullmatch(s) is not None

    def _one(self, line: Line, s: str) -> tuple:
        # stray: a few marks, or a pager's numbers from 1
        if s and (len(s) <= self.stray_max or s[0] == "1") and self.stray(s):
            return (line, s, STRAY, None)
        cls = self.classify(s)
        category = self.decide(s, cls)
        if category is None and line.pre and line.pre.get("template") and not template_kept(s):
            category = "template"  # in K documents or more (templates.py), and not a sentence
        return (line, s, category, cls)

    def _flush(self, run: list[tuple[Line, str]]) -> Iterator[tuple]:
        f = self.rules.features
        labels = [s for _, s in run if s]
        if len(labels) >= f.get("run_min", 4) and any(w in s for s in labels for w in self.nav_words):
            for line, s in run:
                yield (line, s, "nav" if s else None, None)
            return
        for line, s in run:
            yield self._one(line, s)

    def _by_rules(self, lines: Iterable[Line]) -> Iterator[tuple]:
        """(line, match text, category or None, classification) for each line, by the
        rules and the shapes; None for the match text: a line that is body whatever it
        holds (a piece of a very long line)."""
        window = self.rules.features.get("run_window", 64)
        short = self.run_max_len  # what a link's label is at most (link_like)
        run: list[tuple[Line, str]] = []  # a possible vertical menu, decided when it ends
        after_cont = False
        for line in lines:
            if line.cont or after_cont:  # a piece of a very long line: not boilerplate
                after_cont = line.cont
                yield from self._flush(run)
                run = []
                yield (line, None, None, None)
                continue
            s = self.match_text(line.text, line)
            if run or (len(s) <= short and self.link_like(s) and self.follow is None and self.listing is None):
                if not s or self.link_like(s):
                    run.append((line, s))
                    if len(run) < window:
                        continue
                    yield from self._flush(run)
                    run = []
                    continue
                yield from self._flush(run)
                run = []
            yield self._one(line, s)
        yield from self._flush(run)

    def __call__(self, lines: Iterable[Line]) -> Iterator[Line]:
        """The rules' decisions, then the page's: doubtful lines decided by the lines
        around them, within the stretch from one body line to the next (bounded)."""
        if self.data:
            yield from lines
            return
        judge = page.Context(self.rules.features)
        stray: set[int] = set()  # the lines without text waiting in the page (their ids)
        for line, s, category, cls in self._by_rules(lines):
            if category is None and s and not judge.waiting and not cls[2] and judge.bodies:
                judge.left = page.BODY  # a body line with nothing waiting: the common case, at once
                if self.trimmed or not self.trim(line, judge):
                    yield line
                continue
            if category == STRAY:  # no text: to the page, a blank line; it goes
                stray.add(id(line))
                s, category = "", None
            for kept, dropped in judge.push(line, s, category, cls):
                if self._settle(kept, dropped, judge, stray):
                    yield kept
        for kept, dropped in judge.end():
            if self._settle(kept, dropped, judge, stray):
                yield kept

    def _settle(self, line: Line, dropped: str | None, judge: "page.Context", stray: set) -> bool:
        """A line whose fate the page decided: kept (trimmed; True), or noted as dropped."""
        if id(line) in stray:
            stray.discard(id(line))
            dropped = STRAY
        if dropped is None:
            return not self.trim(line, judge)
        self.note(line, line.text, None, dropped)
        return False

    def trim(self, line: Line, judge: "page.Context") -> bool:
        """Within a kept line: a web address glued to the page's title goes; so does a
        clone site's title-and-keywords prefix of the first body line after the title.
        When what follows that prefix is cut short (it ends with an ellipsis), the line
        is the page's description, an excerpt of the text below it: it goes whole
        (True: dropped, and noted)."""
        text = line.text
        if line.cont or not text or judge.title is None or self.trimmed:
            return False
        if line is judge.title_line:
            new, reason = page.cut_glued_domain(text), "web address glued to the title"
        elif len(text) > len(judge.title) + REST_MIN:
            self.trimmed = True  # the first body line is the only one looked at
            # the title is the page's as matched (its simplified shadow, `match_text`)
            shadow = self.shadow(text) if self.shadow is not None and HAN.search(text) else text
            shadow = shadow if len(shadow) == len(text) else text
            new, reason = cut_title_prefix(shadow, judge.title, text), "title and keywords before the text"
            if new is not None and CUT_SHORT.search(new):
                self.note(line, text, None, "description")
                return True
        else:
            return False
        if new is not None and new != text:
            self.note(line, text, new, reason)
            line.text = new
        return False
