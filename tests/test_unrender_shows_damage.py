"""unrender: which lines show damage (and so pay for the repair search and the page's evidence)."""

from __future__ import annotations

import sys

import pytest

from zhnorm.unrender import _damaged, repair_damage

from .conftest import CORPORA, ROOT

sys.path.insert(0, str(ROOT / "evaluation"))

from site_sim import Site  # noqa: E402


def traditional_lines() -> list[str]:
    import opencc

    convert = opencc.OpenCC("s2t").convert
    return [convert(row) for name in sorted(CORPORA.glob("*.txt")) for row in name.read_text(encoding="utf-8").splitlines()]


def test_no_line_of_the_corpora_in_traditional_shows_damage():
    # 9,206 lines, 87 of them with a '?'; four held '??' before Han text (a question, a
    # corpus's stand-in for a rare character), which reads worse decoded one byte later
    lines = traditional_lines()
    assert len(lines) > 9000
    assert sum("?" in line for line in lines) > 80
    assert [line for line in lines if _damaged(line)] == []


@pytest.mark.parametrize(
    "text",
    [
        "这位局长说了什么？??????“如果以牺牲教师的健康为代价",  # a run of question marks
        "免费订阅哦~ ??女人要防衰老?? ID：",
        "倡议活动。??今天，和您说说一次性餐具",
        "有才能强的子孙八位：苍舒、隤??、梼戭、大临",  # '??' for a character the corpus lacked
        "真的吗?!我不信",
        "什么?,他说",
    ],
)
def test_clean_text_after_a_question_mark_shows_no_damage(text):
    assert not _damaged(text)
    assert repair_damage(text) == (text, 0, [])


@pytest.mark.parametrize(
    "truth",
    [
        "那时候他还很年轻。现在他已经五十岁了。",  # ?,F: a trail byte shown as a letter
        "是美国的一所私立大学。《美国新闻与世界报道》",  # ?!: a run out of step
        "那些试图危害这个世界的人。",  # ?:?: a lone trail byte after the mark
        "世界非常宏大，四海八荒",
    ],
)
def test_a_phantom_flattened_mark_shows_damage(truth):
    page = Site(seed=99, share=0.0, flatten=True).render(truth)
    assert "?" in page
    assert _damaged(page)


def test_a_phantom_annotation_shows_damage():
    assert _damaged("甘孜日?qǐng)?bào)")
    assert _damaged("甘孜日\ufffd(qǐng)\ufffd(bào)")
