"""tidy: whitespace and full-width punctuation in Chinese context (data-driven cases)."""

from __future__ import annotations

import pytest

from zhnorm import normalize

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
