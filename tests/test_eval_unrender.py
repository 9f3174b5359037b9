"""evaluation/eval_unrender.py: the damaged spans the simulator made, and how each is judged."""

from __future__ import annotations

import sys

import opencc

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "evaluation"))

from eval_unrender import Span, damaged_spans, judge, reported_spans  # noqa: E402
from site_sim import SWALLOW, SWALLOW_MORE, Site  # noqa: E402
from through_cli import normalize_files  # noqa: E402

T2S = opencc.OpenCC("t2s").convert
TRUTH = "那时候他还很年轻。现在他已经五十岁了。"


def test_the_span_is_where_the_bytes_were_damaged():
    site = Site(seed=5, share=1.0, flatten=True, swallow=SWALLOW + SWALLOW_MORE)
    page = site.render(TRUTH)
    assert page == "那時(shí)候他還(hái)很年輕(qīng)?F(xiàn)在他已經(jīng)五十歲(suì)了。"
    assert damaged_spans(site, TRUTH, page) == [Span(8, 10, "?F", 24)]  # 。现: the phantom took 。 and half of 現
    assert damaged_spans(site, TRUTH, site.undamaged(TRUTH)) == []  # annotations alone are no damage


def test_three_verdicts():
    span = Span(8, 10, "?F")
    assert judge(span, TRUTH, TRUTH, T2S) == "exact"
    assert judge(span, TRUTH, "那时候他还很年轻？F在他已经五十岁了。", T2S) == "left"
    assert judge(span, TRUTH, "那时候他还很年轻。见在他已经五十岁了。", T2S) == "wrong"
    # a mark where a character is missing, the rest right: left; a mark beside a wrong one: wrong
    assert judge(span, TRUTH, "那时候他还很年轻？现在他已经五十岁了。", T2S) == "left"
    assert judge(span, TRUTH, "那时候他还很年轻。？在他已经五十岁了。", T2S) == "left"
    assert judge(span, TRUTH, "那时候他还很年轻？见在他已经五十岁了。", T2S) == "wrong"
    assert judge(span, TRUTH, "那时候他还很年轻，？在他已经五十岁了。", T2S) == "wrong"
    # an error elsewhere is not the span's
    assert judge(span, TRUTH, "那时候他还很年青。现在他已经五十岁了。", T2S) == "exact"


def test_pages_go_through_the_command_one_file_each():
    site = Site(seed=5, share=1.0, flatten=True, swallow=SWALLOW + SWALLOW_MORE)
    pages = [site.render(TRUTH), "我們?nèi)齻€(gè)人", "菜味道非?:?,排骨很香\n\n第二行"]
    results = normalize_files([(p + "\n").encode() for p in pages], ["--only", "unrender", "--only", "convert", "--only", "tidy"])
    assert [r.text for r in results] == [TRUTH, "我们三个人", "菜味道非？：？，排骨很香\n\n第二行"]
    assert [r.changes["unrender"].get("damaged spans left as they are", 0) for r in results] == [0, 0, 1]
    assert [r.left for r in normalize_files([(p + "\n").encode() for p in pages], ["--only", "unrender"], explain=True)] == [[], [], ["?:"]]


def test_a_report_names_the_span_it_overlaps_and_one_damage_reported_twice_counts_once():
    page = "非?:甏?,四海八荒,白淺?:?這"
    spans = [Span(1, 4, "?:甏?", 1), Span(12, 14, "?:?", 13)]
    assert reported_spans(spans, page, ["?:", "?,"]) == ({0}, 1, 0)  # '?,' is inside the first run
    assert reported_spans(spans, page, ["?:", "?:"]) == ({0, 1}, 0, 0)  # in the order of the line
    assert reported_spans(spans, page, ["八荒"]) == (set(), 0, 1)
    assert reported_spans(spans[1:], page, ["?:", "?:"]) == ({0}, 0, 1)  # the first is no damaged span
    # the page's own '??' before a damaged one is not what a report names
    assert reported_spans([Span(3, 5, "??茖W", 4)], "心態呢??看??茖W", ["??"]) == ({0}, 0, 0)


def test_the_analysis_knows_the_gold_reading_of_a_damaged_span():
    from analyze_unrender import gold_text, is_gold, stands_for

    truth = "这是一家非常好的酒店，早餐也不错。"
    site = Site(seed=99, share=0.0, flatten=True)
    page, undamaged = site.render(truth), site.undamaged(truth)
    assert page[5:11] == "?:玫木频?" and undamaged == "這是一家非常好的酒店,早餐也不錯。"
    assert is_gold(page, undamaged, 5, 11, "常好的酒店")
    assert not is_gold(page, undamaged, 5, 11, "常好的酒?")
    assert not is_gold(page, undamaged, 5, 11, "常好的酒")  # a character missing at its border
    assert gold_text(page, undamaged, 5, 11, "常好的酒?") == "常好的酒店"
    assert stands_for("常好的酒?", "常好的酒店") and not stands_for("常好的酒?", "常好的酒")
