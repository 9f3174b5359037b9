"""--template-lines: lines found in many documents go, the articles stay (templates.py)."""

from __future__ import annotations

import json

import pytest

from zhnorm.templates import Table

from .conftest import CORPORA, run_cli

# real article text: sentences of news commentary, a few to a page
SENTENCES = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[1:13]
TITLES = ["危机比作周期性衰退", "欧洲与美国的不同选择", "柏林墙倒塌二十年后"]
# a site's template: a slogan and a banner no rule knows, a menu, a footer
HEADER = ["江南在线 权威新闻 服务百姓", "江南在线客户端 下载体验更精彩"]
FOOTER = ["新闻热线 0571-88888888 广告合作 0571-66666666", "江南传媒集团旗下网站 江南日报社主办"]


def article(i: int) -> list[str]:
    return [TITLES[i], *SENTENCES[4 * i : 4 * i + 4]]


def page(i: int) -> str:
    return "\n".join([*HEADER, *article(i), *FOOTER]) + "\n"


@pytest.fixture
def site(tmp_path):
    names = []
    for i in range(3):
        f = tmp_path / f"{i}.txt"
        f.write_text(page(i), encoding="utf-8")
        names.append(f)
    return names


def test_template_lines_go_and_every_article_line_stays(site, tmp_path):
    dropped = tmp_path / "dropped.jsonl"
    r = run_cli("--template-lines", "3", "--dropped", dropped, *site)
    assert r.returncode == 0, r.stderr
    assert r.stdout.decode() == "".join("\n".join(article(i)) + "\n" for i in range(3))
    records = [json.loads(x) for x in dropped.read_text(encoding="utf-8").splitlines()]
    assert [(rec["line"], rec["category"]) for rec in records if rec["file"] == str(site[0])] == [
        (1, "template"), (2, "template"), (8, "template"), (9, "template")]


def test_without_the_option_or_below_k_documents_the_template_stays(site):
    assert "江南在线客户端" in run_cli(*site).stdout.decode()
    assert "江南在线客户端" in run_cli("--template-lines", "4", *site).stdout.decode()


def test_in_place_then_a_second_run_changes_nothing(site):
    r = run_cli("-i", "--template-lines", "3", *site)
    assert r.returncode == 0, r.stderr
    assert [f.read_text(encoding="utf-8") for f in site] == ["\n".join(article(i)) + "\n" for i in range(3)]
    assert run_cli("--check", "--template-lines", "3", *site).returncode == 0


#: the site's template as three copies of it show it: in Traditional, annotated with
#: pinyin, with half-width punctuation; the pipeline writes each as the first
TEMPLATE_FORMS = ["江南在线：权威新闻，服务百姓", "江南在線:權威新聞,服務百姓", "江(jiāng)南(nán)在线：权威新闻，服务百姓"]


def test_a_template_in_other_scripts_readings_or_widths_is_found_on_the_first_run(tmp_path):
    # lines were compared as they came: three forms of one line were three lines, each
    # in one document, kept; the output held it three times and a second run dropped it
    names = []
    for i, form in enumerate(TEMPLATE_FORMS):
        f = tmp_path / f"{i}.txt"
        f.write_text("\n".join([form, *article(i)]) + "\n", encoding="utf-8")
        names.append(f)
    r = run_cli("-i", "--template-lines", "3", *names)
    assert r.returncode == 0, r.stderr
    assert [f.read_text(encoding="utf-8") for f in names] == ["\n".join(article(i)) + "\n" for i in range(3)]
    assert run_cli("--check", "--template-lines", "3", *names).returncode == 0


def test_the_key_folds_script_readings_and_punctuation_width_only():
    from zhnorm.templates import key

    assert len({key(form) for form in TEMPLATE_FORMS}) == 1
    assert key("世卫组织(WHO)发布最新报告") != key("世卫组织发布最新报告")  # not a reading
    assert key("欢迎访问本站官方网站首页") != key("欢迎访问本站官方网站首页一")


def test_article_carried_by_several_sites_and_shared_headings_stay(tmp_path):
    shared = article(0)  # the same title and text on three sites
    heads = ["一、总体要求", "二、主要任务"]  # the headings every document of a kind has
    names = []
    for i, (top, date) in enumerate([("海量文档 尽在文库百科网", "资源ID 503673 全文页数 6页"),
                                     ("每日热点资讯网 天天看新闻", "发布时间 2024-07-06 阅读 9181"),
                                     ("清风论坛 以文会友 以诚待人", "楼主 网友1234 发表于 2022-10-05")]):
        f = tmp_path / f"{i}.txt"
        f.write_text("\n".join([top, shared[0], date, *shared[1:], heads[0], SENTENCES[4 + i], heads[1],
                                SENTENCES[8 + i]]) + "\n", encoding="utf-8")
        names.append(f)
    out = run_cli("--template-lines", "2", *names).stdout.decode().splitlines()
    assert out.count(shared[0]) == 3 and out.count(heads[0]) == 3 and out.count(heads[1]) == 3
    assert all(out.count(s) == 3 for s in shared[1:])


def test_jsonl_records_are_documents_and_stdin_is_read_once(site):
    records = "".join(json.dumps({"id": i, "text": page(i)}, ensure_ascii=False) + "\n" for i in range(3))
    r = run_cli("--jsonl", "--template-lines", "3", input=records.encode())
    assert r.returncode == 0, r.stderr
    got = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [g["id"] for g in got] == [0, 1, 2]
    assert [g["text"] for g in got] == ["\n".join(article(i)) + "\n" for i in range(3)]


def test_plain_stdin_is_one_document(site):
    # standard input is spooled for the second pass, and alone it is one document
    data = "".join(page(i) for i in range(3)).encode()
    r = run_cli("--template-lines", "2", input=data)
    assert r.returncode == 0 and r.stdout.decode().count("江南在线客户端") == 3
    # beside two files, it is the third document
    r = run_cli("--template-lines", "3", site[0], "-", site[2], input=page(1).encode())
    assert r.stdout.decode() == "".join("\n".join(article(i)) + "\n" for i in range(3))


def test_k_below_two_is_a_usage_error(site):
    r = run_cli("--template-lines", "1", *site)
    assert r.returncode == 2 and b"--template-lines" in r.stderr


def test_unreadable_input_is_reported_once_and_the_others_run(site, tmp_path):
    r = run_cli("--template-lines", "2", site[0], tmp_path / "missing.txt", site[1])
    assert r.returncode == 3
    assert r.stderr.decode().count("missing.txt") == 1
    assert r.stdout.decode() == "".join("\n".join(article(i)) + "\n" for i in range(2))


def test_table_is_capped_and_forgets_the_rarest_first():
    table = Table(2, cap=8)
    table.add(["江南在线客户端下载"] * 3)  # a document counts a line once
    table.add(["江南在线客户端下载"])
    for i in range(20):  # lines of one document each fill the table
        table.add([f"只出现一次的第{i}行文字"])
    assert table.pruned > 0 and len(table.counts) <= 8
    assert table.documents("江南在线客户端下载") == 2 and table.is_template("江南在线 客户端下载")
    assert table.documents("短行") == 0  # too short to count
