"""clean, page by page: a line the rules keep but that is not body text by itself
(doubtful: short, or without a sentence) is decided by the lines around it, as
jusText does with its short paragraphs.

Each line is one of: body (a sentence, or a long line), boilerplate (what the rules,
menus and spam shapes claim), doubtful, nearly body (doubtful, but with the function
characters of prose: 的 了 是 在 …; it stays, and counts as body for its neighbours),
or blank (ignored). The stretch between two
body lines is decided when the second arrives (or the page ends, or `page_window`
lines have waited: memory stays bounded); a run of doubtful lines there is:

- kept when a body line is next to it on either side (a heading, a short item of
  the article, a last line such as 记者 张三);
- dropped (`context`) when boilerplate is on both sides, or boilerplate on one side and
  the page's edge on the other (on a page that has a body), the run being at most `context_max_run` lines, not
  counting bulleted items (a longer run of short lines is a text of its own: a poem,
  a list of rules);
- kept when nothing around it is boilerplate.
In a run that stays, a line shorter than a headline between boilerplate and the
page's title goes (`context`: a section label under the site's menu, 其他). A headline of a run that goes stays when the body starts at most `title_distance`
characters and `title_lines` doubtful lines after it (the title, then the date, the
source, the author; jusText's heading rule). A headline said twice in
the stretch goes the second time (`repeat`; an item of a bulleted list compared as tidy
writes it, without its bullet), and so does the page's first headline said
again before the body starts, when the first stays (a title given as the site's title
and again as the article's heading).

A line found in many documents of the corpus (`template`, see templates.py) is
boilerplate, except a headline that heads the body (only the page's own boilerplate,
such as a date line, between it and the first body line): the title of an article
that several sites carry, a section heading that every document of a kind has; and
except a line right between two body lines (an item of the article's list).

A run of at least `form_min` `label: value` lines, a third of them claimed by no rule, is
a record quoted on the page (a job posting, specifications): all its lines stay.

Only doubtful lines are ever dropped here, and only next to boilerplate, so a second
pass (where that boilerplate is gone) keeps all that the first kept.
"""

from __future__ import annotations

import re
from typing import Iterator

from .chars import HAN
from .lazyre import Lazy
from .tidy import BULLETS, unbullet

SENTENCE = re.compile(r"[。！？!?；;]|[，,、].*[，,、]")
TITLE_MAX = 40  # a line this short without sentence punctuation is title-like
BODY_MIN = 12  # a sentence shorter than this is doubtful (忘记密码？)
LONG = 40  # a line longer than this is body whatever it holds
ROW_MIN, ROW_ITEM, ROW_LINE_MAX = 4, 24, 200
SENTENCE_END = re.compile(r"[。！!；;][”’」』\"')）]*$|[。！；]")
HEADLINE_MIN = 6  # a headline is at least this long
SPACES = re.compile(r"\s+")
SPACE = re.compile(r"\s+")
WORD = re.compile(r"[A-Za-z0-9]")
FIELD = Lazy(r"^[^\s:：，。,]{1,8}\s*[:：]")  # a form's `label: value` line
LINKS = re.compile(r"[/|｜_]")  # separators of a row of links
MENU_MARK = Lazy(r"[•·●◆■▪>»›→＞]|^\s*[-–—]\s*[\[【]")  # a menu's bullets and arrows


def sentence_punct(s: str) -> bool:
    """Whether `s` holds sentence punctuation, one of 。！？!?；; (`in` for each, a memchr
    each in C, where a search for their class costs a regex call and a check per
    character)."""
    return "。" in s or "！" in s or "？" in s or "!" in s or "?" in s or "；" in s or ";" in s


def title_like(s: str) -> bool:
    """A headline or a link label: short, without sentence punctuation."""
    return len(s) <= TITLE_MAX and not sentence_punct(s)


def headline(s: str) -> bool:
    """A title-like line that reads as a headline, not as a label or a row of links:
    at least HEADLINE_MIN characters, mostly Han, letters and digits (SanDisk 闪迪 16GB
    TF卡), at most three runs of spaces, no bullets, arrows or link separators."""
    if len(s) < HEADLINE_MIN or not title_like(s) or len(SPACES.findall(s.strip())) > 3 or len(LINKS.findall(s)) > 1 or MENU_MARK.search(s):
        return False
    han = len(HAN.findall(s))
    return han >= 2 and (han + len(WORD.findall(s))) * 10 >= 7 * len(SPACES.sub("", s))


DOMAIN = r"(?:https?://)?(?:www\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|cc|top|xyz|info|vip|me)(?:\.cn)?/?"
GLUED_DOMAIN = Lazy(rf"^\s*{DOMAIN}[\s\-_|｜—:：]*(?=\S)|(?<=\S)[\s\-_|｜—]*{DOMAIN}\s*$")


def cut_glued_domain(text: str) -> str | None:
    """A headline without the web address glued before or after it (标题www.xxx.com),
    or None: not a headline, no address, or too little left."""
    if len(text) > TITLE_MAX + 40 or sentence_punct(text):
        return None
    new = GLUED_DOMAIN.sub("", text, count=1)
    if new == text or len(HAN.findall(new)) < 4 or not title_like(new.strip()):
        return None
    return new.strip()


def link_row(s: str) -> bool:
    """A row of links or headlines split by spaces: at least ROW_MIN items of at most
    ROW_ITEM characters, and no sentence end."""
    items = s.split()
    return len(items) >= ROW_MIN and all(len(x) <= ROW_ITEM for x in items) and not SENTENCE_END.search(s)


def headline_row(s: str) -> bool:
    """A row of headlines split by spaces, a list's items laid out on one line (某地暴雨
    多趟列车停运 专家：为何今年雨水多？ …): a row of links (`link_row`) whose every item
    holds Han."""
    return s.count(" ") >= ROW_MIN - 1 and link_row(s) and all(HAN.search(x) for x in s.split())


CLAUSE_BREAK = "，,、"  # what a line no sentence ends in ends with


def doubtful(s: str, n: int, punct: bool) -> bool:
    """Not body by itself: short, or without a sentence (`punct`: it holds 。！？；), or
    a short line whose last clause is cut off (it ends with a comma)."""
    if n > LONG:
        return n <= ROW_LINE_MAX and s.count(" ") >= ROW_MIN - 1 and link_row(s)
    if s.count(" ") >= ROW_MIN - 1 and link_row(s):
        return True
    if n < BODY_MIN or s[-1] in CLAUSE_BREAK:
        return True  # short, or a clause cut off: no sentence ends in it (an injected fragment)
    return not (punct or SENTENCE.search(s))


BODY, BAD, DOUBT, NEAR, BLANK, EDGE = "body", "bad", "doubt", "near", "blank", "edge"
REPEAT = "repeat"
CHAPTER = Lazy(r"第\s*[\d一二三四五六七八九十百千零〇两]+\s*[章节回卷篇部集讲课]|[\d一二三四五六七八九十]+\s*[、.．]|卷[一二三四五六七八九十]")  # 第一章, 一、
SITE_CHROME = ("breadcrumb", "nav")  # what stands between a site's header and its article
TEMPLATE = "template"  # clean's category for a line found in many documents (templates.py)
# what makes a short line read as a sentence: the function characters of Chinese prose
# (jusText's stopwords, by the character)
FUNCTION = Lazy(r"[的了是在和也就都而与着把被对这那很我你他她它们有没不吗呢吧啊呀还又才让给过要会能说]")
NEAR_MIN = 8  # a line this long with two function characters is nearly body


def near_body(s: str) -> bool:
    """A doubtful line that reads as text all the same (挺好的的确是原声歌唱): it is
    never dropped for its neighbours, and it counts as body for theirs."""
    return len(s) >= NEAR_MIN and len(FUNCTION.findall(s)) >= 2


class Context:
    """Decides the lines of a page in order; `push` a line, get back the lines whose
    fate is known, each with the category it is dropped under (None: kept)."""

    def __init__(self, features: dict) -> None:
        self.window = features.get("page_window", 200)
        self.max_run = features.get("context_max_run", 12)
        self.title_distance = features.get("title_distance", 200)
        self.title_lines = features.get("title_lines", 3)
        self.form_min = features.get("form_min", 4)
        self.left = EDGE  # what came before the waiting stretch
        self.title: str | None = None  # the page's first headline, until the body starts
        self.title_line = None  # the line that holds it
        self.title_kept: bool | None = None  # whether it stays (None: not decided yet)
        self.bodies = 0  # body lines so far, the title aside
        self.waiting: list[tuple] = []  # (line, kind, category, s)
        self.first: tuple | None = None  # the page's first line with text: (line, its text)
        self.lines = 0  # lines with text so far
        self.first_again: tuple | None = None  # the second, saying the first again: (line, its kind)

    def push(self, line, s: str | None, category: str | None, cls: tuple | None) -> Iterator[tuple]:
        if s is None:  # body whatever it holds (a piece of a long line, a worker's body)
            yield from self._decide(BODY)
            self.left = BODY
            yield (line, None)
            return
        if category is not None:
            kind = BAD
        elif not s:
            kind = BLANK
        elif cls is not None and not cls[2]:
            kind = BODY
        else:
            kind = NEAR if near_body(s) else DOUBT
        if s and self.lines == 2 and self.first_again is not None:
            self._said_thrice(s)
        if kind in (BODY, DOUBT, NEAR) and not self.bodies:
            seen = self._page_title(s)
            if seen is None and self._first_again(line, s, kind):
                # a title too short for a headline, given twice at the top: the second
                # goes, and is no boilerplate to the first's run (a blank line to it)
                kind, category = BLANK, REPEAT
            elif seen == "first":
                self.title_line, self.title_kept = line, (True if kind == BODY else None)
            elif seen == "again" and self.title_kept is not False:
                kind, category = BAD, REPEAT  # the page's title said again before its body starts
            elif kind == BODY:
                self.bodies += 1
        if s:
            self.lines += 1
        if kind == BODY:
            yield from self._decide(BODY, s, bool(line.pre and line.pre.get(TEMPLATE)))
            self.left = BODY
            yield (line, None)
            return
        self.waiting.append((line, kind, category, s))
        if len(self.waiting) >= self.window:
            yield from self._decide(EDGE)
            self.left = EDGE

    def _page_title(self, s: str) -> str | None:
        """Whether `s` is the page's first headline ("first": the first title-like line
        of the page) or says it again ("again": a page that gives its title twice, as
        the site's title and as the article's heading); None: neither."""
        if not title_like(s) or len(s) < HEADLINE_MIN:
            return None
        key = SPACE.sub("", cut_glued_domain(s) or s)
        if self.title is None:
            self.title = key
            return "first"
        return "again" if key == self.title else None

    def _first_again(self, line, s: str, kind: str) -> bool:
        """Whether `s` is the page's second line with text and says its first again, a
        title (a wiki entry's name) given as the page's and as the heading's; the first
        is then the page's title line, so that when it goes, this one stays."""
        if self.lines == 0:
            self.first = (line, SPACE.sub("", s))
            return False
        if self.lines != 1 or self.first is None or self.title_line is not None or not title_like(s):
            return False
        if SPACE.sub("", s) != self.first[1]:
            return False
        self.title_line, self.title_kept = self.first[0], None
        self.first_again = (line, kind)
        return True

    def _said_thrice(self, s: str) -> None:
        """The third line with text says the first again too: the lines are a text's
        (a refrain, a list of the same), not a title given twice; the second stays."""
        line, kind = self.first_again
        self.first_again = None
        if SPACE.sub("", s) != self.first[1]:
            return
        self.title_line = None
        self.waiting = [(x, kind, None, t) if x is line else (x, k, c, t) for x, k, c, t in self.waiting]

    def end(self) -> Iterator[tuple]:
        yield from self._decide(EDGE)
        self.left = EDGE

    def _decide(self, right: str, right_s: str = "", shared: bool = False) -> Iterator[tuple]:
        if not self.waiting:
            return
        items, self.waiting = self.waiting, []
        fate: list[str | None] = [c for _, _, c, _ in items]  # boilerplate: its category
        kinds = [k for _, k, _, _ in items]
        for k in self._form(items, right_s):  # a form's fields are its text
            kinds[k], fate[k] = BODY, None
        i, n = 0, len(items)
        while i < n:
            if kinds[i] != DOUBT:
                i += 1
                continue
            j = i
            while j < n and kinds[j] in (DOUBT, BLANK):
                j += 1
            run = [k for k in range(i, j) if kinds[k] == DOUBT]
            before = next((kinds[k] for k in range(i - 1, -1, -1) if kinds[k] != BLANK), self.left)
            after = kinds[j] if j < n else right
            before, after = (BODY if x == NEAR else x for x in (before, after))
            size = sum(1 for k in run if not MENU_MARK.search(items[k][3]))  # a menu's items count as one
            if self._drops(before, after, size, BODY in (self.left, right)):
                for k in run:
                    fate[k] = "context"
                for k in run:  # a headline right before the body stays
                    if headline(items[k][3]) and self._near_body(items, k, right):
                        fate[k] = None
            elif before == BAD:  # between boilerplate and the page's title: a label too short for a headline
                at = next((x for x, k in enumerate(run) if items[k][0] is self.title_line), 0)
                for k in run[:at]:
                    if len(items[k][3]) < HEADLINE_MIN and not CHAPTER.match(items[k][3]):
                        fate[k] = "context"
            i = j
        for k in range(n):  # a template line that heads the body (a shared article's title, a heading),
            if fate[k] != TEMPLATE:  # or stands between two body lines (an item of the article)
                continue
            if headline(items[k][3]) and self._heads_body(items, k, right, shared):
                fate[k] = None
            elif k == n - 1 and right == BODY and self._body_before(items, k):
                fate[k] = None
        for k in range(n):  # the page's title: when it goes, the same said again stays
            if items[k][0] is self.title_line:
                self.title_kept = fate[k] is None
                if not self.title_kept:
                    for j in range(k + 1, n):
                        if items[j][2] == REPEAT:
                            fate[j] = None
        seen: set[str] = set()
        for k in range(n):  # a headline said again (the page's title, then the same over the body)
            if kinds[k] != DOUBT or fate[k] is not None:
                continue
            s = items[k][3]
            if s[:1] in BULLETS:  # a list's item as tidy will write it, its bullet gone
                s = unbullet(s)
            if headline(s):
                key = SPACE.sub("", s)
                if key in seen:
                    fate[k] = REPEAT
                seen.add(key)
        for (line, _, _, _), f in zip(items, fate):
            yield (line, f)

    def _form(self, items: list[tuple], right_s: str) -> list[int]:
        """The lines of `items` in a run of at least `form_min` `label: value` lines, a third
        of them claimed by no rule (a record quoted on the page: a job posting, a
        product's specifications), whose labels (联系电话:, 发布日期:) are then text."""
        found: list[int] = []
        run: list[int] = []
        total = free = 0
        for k, (_, kind, _, s) in enumerate(items):
            if kind == BLANK:
                continue
            if (":" in s or "：" in s) and FIELD.match(s):  # (its colon looked for first)
                run.append(k)
                total += 1
                free += kind != BAD
                continue
            if total >= self.form_min and free * 3 >= total:
                found += run
            run, total, free = [], 0, 0
        if right_s and (":" in right_s or "：" in right_s) and FIELD.match(right_s):
            total += 1
            free += 1
        if total >= self.form_min and free * 3 >= total:
            found += run
        return found

    def _drops(self, before: str, after: str, size: int, has_body: bool) -> bool:
        """`has_body`: the stretch has a body line at one end (so the page's edge on one
        side of the run means the top or the bottom of a page that has a body)."""
        if BODY in (before, after) or size > self.max_run:
            return False
        return before == after == BAD or (BAD in (before, after) and has_body)

    def _heads_body(self, items: list[tuple], k: int, right: str, shared: bool) -> bool:
        """Whether line k heads the body: between it and the first body line, nothing
        but the page's own boilerplate (a date line, a source; no other template line),
        or, when that body line is itself in many documents (`shared`: the article is
        carried by several sites), also at most `title_lines` doubtful lines (a date
        line no rule knows)."""
        doubt = 0
        for _, kind, category, _ in items[k + 1 :]:
            if category == TEMPLATE:
                return False
            doubt += kind in (DOUBT, NEAR)
        return right == BODY and (doubt == 0 or (shared and doubt <= self.title_lines))

    def _body_before(self, items: list[tuple], k: int) -> bool:
        """Whether the nearest line before line k (blank lines aside) is body."""
        before = next((kind for _, kind, _, _ in reversed(items[:k]) if kind != BLANK), self.left)
        return before in (BODY, NEAR)

    def _near_body(self, items: list[tuple], k: int, right: str) -> bool:
        """Whether the body starts at most `title_distance` characters and `title_lines`
        doubtful lines after line k (a subtitle, a caption, a document number), with no
        breadcrumb or menu between (above those, a headline is the site's: 每日经济新闻)."""
        doubt = chars = 0
        for _, kind, category, s in items[k + 1 :]:
            if kind == NEAR:  # text: the body starts here
                break
            if category in SITE_CHROME:  # the site's own header ends below it: the site's name
                return False
            doubt += kind == DOUBT
            chars += len(s)
        else:
            if right != BODY:
                return False
        return doubt <= self.title_lines and chars <= self.title_distance
