"""HTML character references: decoded before convert, left alone in markup; through the CLI."""

from __future__ import annotations

import pytest

from .conftest import run_cli

CASES = [
    # (input line, output line of the default pipeline)
    ("我们知道#xff0c; IP 地址由网络号和主机号组成#x3002;", "我们知道， IP 地址由网络号和主机号组成。"),
    ("动态链接库#xff08;Dynamic Library#xff09;在运行时加载。", "动态链接库（Dynamic Library）在运行时加载。"),
    ("研究与开发&amp;测试部门", "研究与开发&测试部门"),
    ("“双减”政策落地&#12290;", "“双减”政策落地。"),
    ("&#x570B;&#23478;發展改革委員會", "国家发展改革委员会"),  # a reference to a Traditional character is converted too
    ("&quot;十四五&quot;规划", '"十四五"规划'),
    ("&amp;nbsp;上午九时", "上午九时"),  # a reference escaped twice: decoded until none is left
    ("访问 https://example.com/a?id=1&amp;page=2 查看", "访问 https://example.com/a?id=1&page=2 查看"),
]

KEPT = [
    '<a href="/x?a=1&amp;b=2">链接</a>',  # markup
    "在 HTML 中，&lt; 写作 &amp;lt;，这叫字符实体。",  # about markup
    "`&nbsp;` 是不换行空格",  # code
    "颜色 #fff; 编号 #123; 第#12号",  # a '#' before digits that is not a reference
    "?a=1&copy=2",  # a named reference needs its ';'
    "第一行&#10;第二行",  # a control character would break the line
]


@pytest.mark.parametrize("line, want", CASES)
def test_references_are_decoded_before_convert(line, want):
    r = run_cli(input=(line + "\n").encode())
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == want + "\n"
    again = run_cli(input=r.stdout)
    assert again.stdout == r.stdout  # one pass is final


@pytest.mark.parametrize("line", KEPT)
def test_references_in_markup_and_non_references_stay(line):
    r = run_cli("--only", "repair", input=(line + "\n").encode())
    assert r.stdout.decode() == line + "\n"


def test_counted_and_recorded_under_their_own_reason(tmp_path):
    r = run_cli("--only", "repair", "--report", input="甲&amp;乙&#12290;\n丙\n".encode())
    assert r.stdout.decode() == "甲&乙。\n丙\n"
    assert b"html references decoded" in r.stderr and b"2" in r.stderr


def test_the_same_with_workers(tmp_path):
    lines = [line for line, _ in CASES] * 400
    path = tmp_path / "refs.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run_cli(path)
    two = run_cli("-j", "2", path)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert one.stdout.decode().splitlines()[:len(CASES)] == [want for _, want in CASES]


def test_markup_is_found_where_its_pattern_alone_finds_it():
    # `is_markup` scans for a character a match can start with first (MARKUP_START): every
    # character that starts one is in that class, and on lines of every kind the answer
    # is the pattern's own
    from zhnorm.entities import MARKUP, MARKUP_START, is_markup

    from .test_repair import _lines_repair_meets

    tails = ("tml ", "ml ", "ntit", "scap", "nescape", "!--", "a>", "{", "", "体", "义", "符引用", "符实体")
    starts = {chr(o) for o in range(0x110000) if not 0xD800 <= o < 0xE000 and any(MARKUP.match(chr(o) + t) for t in tails)}
    assert starts == {c for c in starts if MARKUP_START.match(c)} and len(starts) == 14
    lines = _lines_repair_meets()[::7] + ["<b>粗体</b>", "用 `code` 写", "{{ x }}", "HTML 实体", "Escaping", "ſcape", "a < b", "x{y", "字符引用"]
    assert [is_markup(t) for t in lines] == [MARKUP.search(t) is not None for t in lines]
    assert 0 < sum(map(is_markup, lines)) < len(lines) / 2
