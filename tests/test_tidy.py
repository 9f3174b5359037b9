"""tidy: whitespace and full-width punctuation in Chinese context (data-driven cases)."""

from __future__ import annotations

import pytest

from zhnorm import explain, normalize

CASES = [
    # (original, fixed)
    ("\u00a0\u00a0\u00a0\u00a0强化措施汇聚力量 加强生态文明建设", "强化措施汇聚力量 加强生态文明建设"),
    ("甘孜日报\u00a0\u00a0\u00a0\u00a02017年04月05日", "甘孜日报 2017年04月05日"),
    ("\u3000\u3000段落开头的全角空格", "段落开头的全角空格"),
    ("行尾空白 \t ", "行尾空白"),
    ("零宽\u200b空格\ufeff", "零宽空格"),
    ("本网讯(记者 陈斌330,我州生态文明建设", "本网讯（记者 陈斌330，我州生态文明建设"),
    ("会上,州生态文明建设;以及目标任务", "会上，州生态文明建设；以及目标任务"),
    ("来源:新华社 时间:12:30", "来源：新华社 时间：12:30"),
    ("共计3,000元!真的吗?", "共计3,000元！真的吗？"),
    ("世卫组织(WHO)发布报告", "世卫组织（WHO）发布报告"),
    ("(15%以下)", "（15%以下）"),
    ("会议, 头发: 干燥", "会议，头发：干燥"),
    ("会议, OK", "会议， OK"),
]

UNCHANGED = [
    "Mashall(1983) argued, e.g., the opposite: 12:30!",
    "(task-based learning,TBL)",
    "3,000 and 12:30",
    "tab\tseparated\tvalues",
    "http://example.com/a?b=1",
    "全角标点，已经正确。",
]


@pytest.mark.parametrize("original, fixed", CASES)
def test_fixes(original, fixed):
    assert normalize(original, only=["tidy"]) == fixed


@pytest.mark.parametrize("text", UNCHANGED)
def test_leaves_alone(text):
    assert normalize(text, only=["tidy"]) == text


def test_punct_keep():
    assert normalize("你好,世界", only=["tidy"], punct="keep") == "你好,世界"


def test_blank_lines_collapse_and_trim():
    text = "\n\n  \n第一段\n\n\n\n第二段\n \u00a0\n"
    assert normalize(text, only=["tidy"]) == "第一段\n\n第二段\n"


def test_only_blank_input_gives_nothing():
    assert normalize("\n \n\u00a0\n", only=["tidy"]) == ""


def _real_lines() -> list[str]:
    from zhnorm.convert import converter

    from .conftest import CORPORA, SHARED

    lines = [line for name in ("zuozhuan.zh-hans.txt", "news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt")
             for line in (CORPORA / name).read_text(encoding="utf-8").splitlines()[:2000]]
    lines += converter("s2t").convert("\n".join(lines)).split("\n")
    for page in sorted((SHARED / "realpages").glob("*/[0-9][0-9][0-9].txt")):
        lines += page.read_bytes().decode("utf-8", "replace").splitlines()
    # whitespace str.rstrip strips that the quick check does not list, and the spaces it does
    lines += ["行尾\x0b", "行尾\u2028", "行尾\x85", "\u3000开头", "中\u200b间", "两  个", "逗,号", "", " "]
    return lines


def test_the_quick_check_lets_pass_only_lines_tidy_leaves_as_they_are():
    # Tidy looks at a plain-text line only when may_change says so (a character it may
    # change, a space where it looks at one, whitespace at the end): every line it lets
    # pass is one that `fix` returns unchanged
    from zhnorm import Options
    from zhnorm.tidy import Tidy, may_change

    tidy = Tidy(Options())
    lines = _real_lines()
    passed = [line for line in lines if not may_change(line)]
    assert any(" " in line for line in passed)  # a single space sends no line to fix
    assert len(lines) / 2 < len(passed) < len(lines)
    assert [tidy.fix(line) for line in passed] == [(line, "") for line in passed]


def test_tidy_with_and_without_the_quick_check_writes_the_same(monkeypatch):
    from zhnorm import Options, Pipeline
    from zhnorm import tidy

    text = "\n".join(_real_lines()) + "\n"
    quick = Pipeline(Options.build(only=("tidy",))).normalize(text)
    monkeypatch.setattr(tidy, "may_change", lambda text, printable=None: True)  # every line to `fix`
    assert Pipeline(Options.build(only=("tidy",))).normalize(text) == quick
    assert quick != text


def test_odd_spaces_are_looked_for_only_in_lines_isprintable_refuses():
    # unprintable_in asks str.isprintable() before scanning for tidy's and clean's odd
    # spaces: right only while each of them is a character isprintable() refuses
    from zhnorm.clean import ODD_SPACE
    from zhnorm.tidy import ODD, SPACES, unprintable_in

    assert all(not c.isprintable() for c in [*SPACES, "\t"])
    for pattern in (ODD, ODD_SPACE):
        assert all(not c.isprintable() for c in map(chr, range(0x110000)) if pattern.fullmatch(c))
    lines = _real_lines()
    for pattern in (ODD, ODD_SPACE):
        found = [unprintable_in(pattern, line) for line in lines]
        assert found == [pattern.search(line) is not None for line in lines]
        assert 0 < sum(found) < len(lines)


BULLETED = [
    # a page's list items: the bullet is layout, it goes with its indentation and spaces
    ("  • 示例: 要好好学习", "示例：要好好学习"),
    ("    • UTF-8 是变长编码", "UTF-8 是变长编码"),
    ("•业务迭代太快。", "业务迭代太快。"),
    ("\u00a0● 2.1 数据结构", "2.1 数据结构"),
]

BULLETS_KEPT = [
    "• item one",  # no Chinese: not ours to judge
    "• ●●●填空",  # a bullet before another bullet: a mark of the text
    "●●●填空",
    "中文 • 中文",  # not at the line's start
    "● 東京の天気は晴れです",  # Japanese, Korean: not ours
    "• 한국어 漢字",
    "- 列表项",  # ASCII list markers are markup
    "* 列表项",
]


@pytest.mark.parametrize("original, fixed", BULLETED)
def test_layout_bullet_goes_once_for_all(original, fixed):
    assert normalize(original, only=["tidy"]) == fixed
    assert normalize(fixed, only=["tidy"]) == fixed


@pytest.mark.parametrize("text", BULLETS_KEPT)
def test_other_bullets_stay(text):
    assert normalize(text, only=["tidy"]) == text


def test_bullets_stay_in_markdown_and_data():
    md = "• 项目\n  • 项目二\n"
    assert normalize(md, only=["tidy"], format="markdown") == md
    tsv = "• 项目\t值\n"
    assert normalize(tsv, only=["tidy"], format="tsv") == tsv


def test_bullets_go_from_a_real_page():
    from .conftest import SHARED

    page = SHARED / "realpages" / "mojibake" / "001.txt"
    out = normalize(page.read_bytes().decode("utf-8"), skip=["clean"])  # repair first: a garble holds kana
    assert "•" in page.read_text(encoding="utf-8")
    assert [x for x in out.splitlines() if "•" in x] == ["  •"]  # a bullet with no text: clean's
    assert "特点：显示为难以理解的生僻汉字或日韩文字符。" in out.splitlines()


def test_tokens_only_where_their_marks_are():
    """full-width punctuation looks for ASCII tokens (URLs, e-mail addresses, entities,
    calls, Markdown links) only in text holding one of their marks: nowhere else can
    one be. Every line of the corpora and the real pages, and ASCII strings made up."""
    import random
    import string

    from zhnorm.tidy import TOKENS, may_hold_token

    from .conftest import CORPORA, SHARED

    lines = [line for path in CORPORA.glob("*.txt") for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [line for path in (SHARED / "realpages").glob("*/*.txt") for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(18)
    lines += ["".join(rng.choice(string.printable + "中文，") for _ in range(rng.randint(1, 30))) for _ in range(20000)]
    tokens = 0
    for line in lines:
        if TOKENS.search(line):
            tokens += 1
            assert may_hold_token(line), line
    assert tokens > 100  # the lines hold tokens to find


def test_tokens_are_looked_for_only_around_the_marks_and_found_as_in_the_whole_line():
    """token_spans searches TOKENS only in the runs of printable ASCII around a mark: the
    tokens that hold a mark are those a search of the whole line finds, on every line of
    the corpora and the real pages, and on ASCII strings with Chinese made up."""
    import random
    import string

    from zhnorm.tidy import PUNCT, TOKENS, token_spans

    from .conftest import CORPORA, SHARED

    lines = [line for path in CORPORA.glob("*.txt") for line in path.read_text(encoding="utf-8").splitlines()]
    lines += [line for path in (SHARED / "realpages").glob("*/*.txt") for line in path.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(18)
    alphabet = string.printable + "中文，（）" + "(:/@&;.w" * 4
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(20000)]
    holding = 0
    for line in lines:
        marks = [m.start() for m in PUNCT.finditer(line)]
        whole = [(m.start(), m.end()) for m in TOKENS.finditer(line)]
        expected = [(a, b) for a, b in whole if any(a <= i < b for i in marks)]
        got = token_spans(line, marks)
        assert set(got) <= set(whole), line
        assert [(a, b) for a, b in got if any(a <= i < b for i in marks)] == expected, line
        holding += bool(expected)
    assert holding > 100  # tokens that hold a mark were there to find


def test_full_width_passes_again_only_where_a_pass_can_change_more():
    """full_width stops after a pass whose half-width marks left stand in runs of ASCII
    it did not change (`_settled`): on every line of the real pages, the seed and the
    corpora that holds such a mark and Han, the same as passing until nothing changes,
    and on some lines that holds marks left, a pass fewer."""
    from zhnorm.tidy import HAN, PUNCT, _full_width_once, full_width

    from .conftest import CORPORA, SHARED

    def until_fixed(text: str) -> str:
        while True:
            new, _ = _full_width_once(text)
            if new == text:
                return new
            text = new

    paths = [*sorted((SHARED / "realpages").glob("*/*.txt")), *sorted(CORPORA.glob("*.txt")), SHARED / "fixtures" / "seed" / "ganzi-news.input.txt"]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if PUNCT.search(line) and HAN.search(line)]
    saved = 0
    for line in lines:
        assert full_width(line) == until_fixed(line), line
        once, settled = _full_width_once(line)
        saved += once != line and settled and PUNCT.search(once) is not None
    assert len(lines) > 500 and saved > 10


def test_tidy_trusts_clean_on_printable_text_only_while_the_text_is_the_same():
    """Clean tells a Line its text is printable (`Line.printable`), so that tidy need not
    ask again; a text put in its place afterwards is asked again: its odd space and its
    trailing space are still tidied."""
    from zhnorm.clean import Clean
    from zhnorm.options import Options
    from zhnorm.stage import Line
    from zhnorm.tidy import Tidy

    options = Options()
    line = Line("会议今天上午在北京开始了，大家都来了。", 1)
    assert [x.text for x in Clean(options)([line])] == ["会议今天上午在北京开始了，大家都来了。"]
    assert line.printable is line.text
    assert [x.text for x in Tidy(options)([line])] == ["会议今天上午在北京开始了，大家都来了。"]
    line.text = "会议今天上午\u3000在北京开始了，大家都来了。 "
    assert [x.text for x in Tidy(options)([line])] == ["会议今天上午 在北京开始了，大家都来了。"]


def _cut(line: str) -> tuple[str, str]:
    """A corpus sentence cut inside a word, after its first comma: what a page's hard line
    break makes of it."""
    at = line.index("，") + 4
    return line[:at], line[at:]


def _cut_lines(n: int) -> list[str]:
    from .conftest import CORPORA

    text = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8")
    lines = [x for x in text.splitlines() if 60 < len(x) < 200 and x.endswith("。") and "，" in x[:40]]
    lines = [x for x in lines if all("\u4e00" <= c <= "\u9fff" for c in x[x.index("，") + 1 : x.index("，") + 6])]
    assert len(lines) >= n
    return lines[:n]


def test_a_hard_line_break_inside_a_sentence_goes():
    line, other = _cut_lines(2)
    head, rest = _cut(line)
    text = f"  {head}\n{rest}\n\n  {other}\n"
    assert normalize(text, only=["tidy"]) == f"{line}\n\n{other}\n"
    assert normalize(f"\u3000\u3000{head}\n{rest}\n", only=["tidy"]) == f"{line}\n"
    # as one change, with both lines
    events = [e for e in explain(text, only=["tidy"]).events]
    assert [(e.line, e.before, e.after, e.reason) for e in events][0] == (
        1, f"  {head}\n{rest}", f"  {head}{rest}", "line break in a sentence")


def test_lines_a_break_did_not_cut_stay_apart():
    line, other = _cut_lines(2)
    head, rest = _cut(line)
    kept = [
        f"  {line}\n{other}\n",  # the first line ends its sentence
        f"  {head}\n  {rest}\n",  # the next is indented: a paragraph of its own
        f"  {head}\n\n{rest}\n",  # a blank line between
        f"{head}\n{rest}\n",  # no paragraph indentation to tell a cut line by
        f"  {head}\n{rest[:-1]}\n",  # the next does not end a sentence
        f"  {head.replace('，', '')}\n{rest}\n",  # no sentence mark: a title, a byline, a breadcrumb
        f"  {head}\nA{rest}\n",  # the next starts with a letter
        "\u3000\u3000政府は、経済対策の\n規模を拡大する方針だ。\n",  # Japanese
    ]
    for text in kept:
        out = normalize(text, only=["tidy"])
        assert len(out.splitlines()) == len([x for x in text.splitlines() if x.strip()]) + ("\n\n" in text), text
    md = f"  {head}\n{rest}\n"
    assert normalize(md, only=["tidy"], format="markdown") == md


def test_a_line_clean_dropped_between_keeps_the_lines_apart():
    [line] = _cut_lines(1)
    head, rest = _cut(line)
    out = normalize(f"  {head}\n分享到：微信 微博 QQ空间\n{rest}\n")
    assert out.splitlines() == [head, rest]


def test_a_joined_line_is_final():
    [line] = _cut_lines(1)
    head, rest = _cut(line)
    once = normalize(f"  {head}\n{rest}\n")
    assert normalize(once) == once == f"{line}\n"


def test_a_real_page_cut_by_its_markup_is_one_paragraph():
    from .conftest import SHARED

    page = (SHARED / "realpages" / "boilerplate" / "012.txt").read_text(encoding="utf-8")
    gold = (SHARED / "realpages" / "boilerplate" / "012.expected.txt").read_text(encoding="utf-8")
    lines = page.splitlines()
    # an indented paragraph holding a comma, the next line unindented text
    cut = [(a, b) for a, b in zip(lines, lines[1:]) if a.startswith("  ") and "," in a and b[:1].strip()]
    assert len(cut) == 1  # the page cuts one of its paragraphs
    wanted = [x for x in gold.splitlines() if x.startswith(cut[0][0].strip()[:20])]
    assert len(wanted) == 1 and wanted[0].endswith(cut[0][1])
    out = normalize(page).splitlines()
    assert wanted[0].translate(str.maketrans(",?:", "，？：")) in out
    assert cut[0][1] not in out


def _one_pass_mark_by_mark(text: str) -> tuple[str, bool]:
    """One pass of full-width punctuation decided mark by mark over the whole line (the
    way `_full_width_once` once worked), and whether a second pass would change nothing:
    the reference its pieces (`tidy._Piece`) are compared with."""
    import bisect

    from zhnorm.tidy import FULL, _outside, half_marks, is_chinese, may_hold_token, replace_at, run_end, token_spans

    n = len(text)
    changes: dict[int, str] = {}
    marks = found = half_marks(text)
    kept = token_spans(text, marks) if may_hold_token(text) else []
    if kept:
        marks = _outside(marks, kept)
    if not marks:
        return text, True
    context: dict[int, bool] = {}
    k = 0
    while k < len(marks):
        j = k
        while j + 1 < len(marks) and marks[j + 1] == marks[j] + 1:
            j += 1
        start, end = marks[k], marks[j] + 1
        before = text[start - 1] if start else ""
        after = text[end] if end < n else ""
        chinese = is_chinese(before) or is_chinese(after)
        between_digits = start + 1 == end and text[start] in ",:" and before.isdigit() and after.isdigit()
        for i in marks[k:j + 1]:
            context[i] = chinese and not between_digits
        k = j + 1
    stack: list[int] = []
    pairs: dict[int, int] = {}
    for i in marks:
        c = text[i]
        if c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                pairs[stack.pop()] = i
            elif context[i]:
                changes[i] = FULL[c]
        elif context[i]:
            changes[i] = FULL[c]
            e = i + 1
            while e < n and text[e] == " ":
                e += 1
            if e > i + 1 and e < n and is_chinese(text[e]):
                for space in range(i + 1, e):
                    changes[space] = ""
    for j, i in pairs.items():
        if context[j] or context[i]:
            changes[j], changes[i] = "（", "）"
    for j in stack:
        if context[j]:
            changes[j] = "（"
    left = [i for i in found if i not in changes]
    settled, end = True, -1
    for c in sorted(changes):
        if c < end:
            continue
        start = c
        while start > 0 and " " <= text[start - 1] <= "~":
            start -= 1
        end = run_end(text, c)
        k = bisect.bisect_left(left, start)
        if k < len(left) and left[k] < end:
            settled = False
            break
    return replace_at(text, changes), settled


def test_a_pass_by_pieces_is_the_pass_mark_by_mark():
    """`_full_width_once` decides each run of ASCII around a mark once for its shape and
    the characters beside it, and pairs over the line only the parentheses their partner
    decides: the same text, and the same answer to whether a second pass could change
    more, as deciding every mark over the whole line, on every line of the corpora, the
    real pages and the seed, and on strings made up of marks, spaces, digits, letters,
    Chinese and full-width characters."""
    import random

    from zhnorm import tidy
    from zhnorm.tidy import PUNCT, _full_width_once

    from .conftest import CORPORA, SHARED

    paths = [*sorted((SHARED / "realpages").glob("*/*.txt")), *sorted(CORPORA.glob("*.txt")), SHARED / "fixtures" / "seed" / "ganzi-news.input.txt"]
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines() if PUNCT.search(line)]
    rng = random.Random(18)
    alphabet = ",:;!?()" * 6 + "  " * 3 + "中文说１２３，。“”" * 2 + "ab1.:/@&w#;x]" + "([ab] c)d(e" + "09９ア한\t\u3000"
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 25))) for _ in range(30000)]
    tidy._PIECES.clear()
    differ = [line for line in lines + made if _full_width_once(line) != _one_pass_mark_by_mark(line)]
    assert differ == []
    assert len(lines) > 500 and sum(_one_pass_mark_by_mark(line)[0] != line for line in lines) > 300


@pytest.mark.parametrize(
    "text, expected",
    [
        ("报道(记者薛晓霞)日前", "报道（记者薛晓霞）日前"),  # each parenthesis a piece of its own, in Chinese context
        ("了-1(1P)4.让(2P)", "了-1(1P)4.让（2P）"),  # a pair inside one piece, neither in Chinese context
        ("见(a b) c,中", "见（a b） c，中"),  # ')' converted with its partner in another piece
        ("(x(中)y)", "(x（中）y)"),  # the outer pair: partners in two pieces, neither Chinese
        ("a)中(b", "a）中（b"),  # unpaired, each beside a Han character
        ("中(a (b) c", "中（a (b) c"),
        ("30天(180 days)后", "30天（180 days）后"),
        ("集团:明起 ok, 好", "集团：明起 ok, 好"),  # the comma stands in Latin text
        ("１,０００个", "１,０００个"),  # between full-width digits
        ("f(a, b)中,文", "f(a, b)中，文"),  # a call keeps its punctuation
    ],
)
def test_full_width_pieces_and_partners(text, expected):
    from zhnorm.tidy import full_width

    assert full_width(text) == expected
    assert full_width(expected) == expected
