"""clean: boilerplate lines go, every article line stays."""

from __future__ import annotations

import json
import sys

import pytest

from zhnorm import Options, Pipeline, normalize
from zhnorm.clean import RulesError, load_rules

from .conftest import CORPORA, ROOT, SEED, run_cli

sys.path.insert(0, str(ROOT / "evaluation"))

ARTICLE = "会议强调，要加强组织领导，确保各项任务落地见效。"


def cleaned(text: str, **options) -> str:
    return normalize(text, only=["clean"], **options)


DROPPED = [
    # (category, line)
    ("breadcrumb", "您所在的位置:康巴传媒网 >> 新闻 >> 党政要闻 >> 浏览文章"),
    ("breadcrumb", "当前位置：首页 > 新闻中心 > 正文"),
    ("breadcrumb", "首页 > 国内 > 社会"),
    ("prevnext", "  • 上一篇:我州投资35亿 实施“城乡提升”战略"),
    ("prevnext", "下一篇：尹力在我州调研"),
    ("prevnext", "上一条：没有了"),
    ("prevnext", "下一页"),
    ("share", "分享到：微信 微博 QQ空间"),
    ("share", "【打印本页】【关闭窗口】"),
    ("share", "【字体：大 中 小】"),
    ("share", "打印】【关闭"),
    ("share", "扫一扫，关注微信公众号"),
    ("meta", "来源：新华社"),
    ("meta", "发布时间：2017-04-05 来源：甘孜日报 作者：陈斌 点击数：1234"),
    ("meta", "（责任编辑：李明）"),
    ("meta", "作者：张三  阅读：123  评论：4"),
    ("meta", "浏览次数：88"),
    ("footer", "版权所有：甘孜日报社"),
    ("footer", "Copyright © 2005-2021 www.example.com.cn All Rights Reserved"),
    ("footer", "蜀ICP备12345678号-1"),
    ("footer", "技术支持：某某网络科技有限公司"),
    ("footer", "主办单位：某某县人民政府办公室"),
    ("footer", "本站所有文章未经授权禁止转载，转载请注明出处"),
    ("nav", "首页 | 关于我们 | 联系我们 | 网站地图"),
    ("nav", "相 关 报 道"),
    ("nav", "返回首页"),
    ("related", "相关新闻"),
    ("spam", "澳门葡京娱乐城_百家乐开户_时时彩注册送彩金_真人娱乐平台"),
    ("spam", "体育新闻_体育资讯_体育直播_体育频道"),
]

TRAPS = [
    "在上一篇报道中，记者介绍了该县易地扶贫搬迁的进展情况。",
    "该网站首页改版后，用户访问量比去年同期增长了三成。",
    "转载他人作品应当尊重版权，未经许可擅自转载的，要承担相应的法律责任。",
    "作者认为，这一政策将对当地经济产生深远影响。",
    "分享到朋友圈的内容应当真实，不得编造和传播谣言。",
    "记者：请问这项工作下一步有什么打算？",
    "甘孜日报 2017年04月05日",
    "一、加强组织领导",
    "图为会议现场。",
    "床前明月光\n疑是地上霜\n举头望明月\n低头思故乡",
]


@pytest.mark.parametrize("category, line", DROPPED, ids=[f"{c}-{i}" for i, (c, _) in enumerate(DROPPED)])
def test_boilerplate_goes_under_its_category(category, line):
    p = Pipeline(Options.build(only=["clean"]))
    assert p.normalize(f"{ARTICLE}\n{line}\n{ARTICLE}\n") == f"{ARTICLE}\n{ARTICLE}\n"
    assert dict(p.totals["clean"]) == {category: 1}


@pytest.mark.parametrize("text", TRAPS)
def test_traps_stay(text):
    assert cleaned(text) == text


def test_label_only_line_takes_its_title_along():
    assert cleaned(f"{ARTICLE}\n上一篇：\n我州投资35亿 实施城乡提升战略\n{ARTICLE}") == f"{ARTICLE}\n{ARTICLE}"


def test_related_list_goes_with_its_heading_and_stops_at_prose():
    text = f"相关新闻\n甘孜州召开经济工作会议\n康定机场航线增加\n{ARTICLE}"
    assert cleaned(text) == ARTICLE


def test_vertical_menu_goes_but_short_article_lines_stay():
    menu = "首页\n新闻\n体育\n娱乐\n财经"
    assert cleaned(f"{menu}\n{ARTICLE}") == ARTICLE
    assert cleaned(f"{ARTICLE}\n一、总则\n二、任务\n三、保障\n四、附则") == f"{ARTICLE}\n一、总则\n二、任务\n三、保障\n四、附则"


def test_run_lookahead_is_bounded():
    from zhnorm import Line

    read = []

    def source():
        for i in range(1, 1001):  # a thousand short lines: a poem, not a menu
            read.append(i)
            yield Line("明月几时有", i)

    out = Pipeline(Options.build(only=["clean"])).run(source())
    assert next(out).text == "明月几时有"
    # decided within the look-ahead windows (a vertical menu's, then the page's), not after the whole input
    assert len(read) <= 64 + 200
    assert sum(1 for _ in out) == 999


def test_traditional_target_matches_through_a_simplified_shadow():
    text = f"{ARTICLE}\n上一篇：我州投資35億\n發布時間：2017-04-05 來源：甘孜日報"
    assert normalize(text, only=["clean"], to="hant") == ARTICLE


def test_seed_page_exactly():
    out = run_cli(SEED / "ganzi-news.input.txt")
    assert out.returncode == 0
    assert out.stdout == (SEED / "ganzi-news.expected.txt").read_bytes()


def test_clean_corpora_lose_nothing_but_a_real_nav_bar():
    dropped = []
    for name in ("news-commentary.zh-hans.txt", "zuozhuan.zh-hans.txt", "clue-news-web.zh-hans.txt"):
        p = Pipeline(Options.build(only=["clean"]), listener=dropped.append)
        p.normalize((CORPORA / name).read_text(encoding="utf-8"))
    assert [e.before for e in dropped] == ["仙女山风筝放飞节返回顶部重庆晨网数字报周刊专栏 手机更多图说频道突发图片搜索"]


def test_labeled_set_precision_and_recall():
    from eval_clean import evaluate

    s = evaluate(80)
    assert s["article_dropped"] == 0
    assert s["precision"] >= 0.99
    assert s["recall"] >= 0.95
    assert all(hit / n >= 0.95 for n, hit, _ in s["categories"].values())


def test_user_rules_add_and_disable(tmp_path):
    rules = tmp_path / "site.toml"
    rules.write_text(
        '''disable = ["meta"]

[[rule]]
category = "ads"
max_len = 40
patterns = ['^广告[:：]']
''',
        encoding="utf-8",
    )
    text = f"广告：招商热线\n来源：新华社\n{ARTICLE}"
    assert normalize(text, only=["clean"], rules=(str(rules),)) == f"来源：新华社\n{ARTICLE}"


def test_bad_rules_file_names_itself(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\ncategory = "x"\npatterns = ["(("]\n', encoding="utf-8")
    with pytest.raises(RulesError, match="bad.toml: rule 1: field .patterns.: bad pattern"):
        load_rules((str(bad),))
    r = run_cli("--rules", bad, input=ARTICLE.encode())
    assert r.returncode == 2 and b"bad.toml" in r.stderr


def test_dropped_file_lists_every_dropped_line(tmp_path):
    out = tmp_path / "dropped.jsonl"
    r = run_cli(SEED / "ganzi-news.input.txt", "--dropped", out)
    assert r.returncode == 0
    records = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["line"], d["category"]) for d in records] == [(1, "breadcrumb"), (23, "prevnext"), (24, "prevnext")]
    assert records[0]["file"].endswith("ganzi-news.input.txt")
    assert records[2]["text"] == "  • 下一篇:尹力在我州调研"


def test_skip_clean_keeps_everything():
    text = f"来源：新华社\n{ARTICLE}"
    assert normalize(text, skip=["clean", "tidy"]) == text


def test_csv_and_tsv_rows_all_stay(tmp_path):
    # the seed page's lines as fields of a table: breadcrumbs and share bars are data here
    lines = [x for x in (SEED / "ganzi-news.input.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    table = "".join(f'{i},"{x.replace(chr(34), chr(34) * 2)}"\n' for i, x in enumerate(lines, 1))
    f = tmp_path / "rows.csv"
    f.write_text(table, encoding="utf-8")
    kept = run_cli(f).stdout
    assert kept == run_cli("--skip", "clean", f).stdout  # clean changes nothing in a CSV file
    assert len(kept.decode().splitlines()) == len(lines)
    tsv = "".join(f"{i}\t{x}\n" for i, x in enumerate(lines, 1)).encode()
    assert run_cli("--format", "tsv", input=tsv).stdout == run_cli("--format", "tsv", "--skip", "clean", input=tsv).stdout
    assert run_cli(input=tsv).stdout != run_cli("--skip", "clean", input=tsv).stdout  # as text, the page is cleaned


REAL = ROOT.parent / "shared" / "realpages"


@pytest.mark.parametrize("page", ["pinyin_traditional/003.txt", "pinyin_traditional/004.txt", "pinyin_traditional/013.txt"])
def test_adult_seo_stuffing_line_goes(page, tmp_path):
    dropped = tmp_path / "dropped.jsonl"
    run_cli("--dropped", dropped, REAL / page)
    first = json.loads(dropped.read_text(encoding="utf-8").splitlines()[0])
    assert (first["line"], first["category"]) == (1, "spam")


def test_prose_with_the_stuffing_words_stays():
    text = "这家工厂生产的国产精品手机，在欧美日韩市场都很受欢迎。\n"
    assert run_cli(input=text.encode()).stdout.decode() == text


def test_page_title_said_twice_goes_the_second_time(tmp_path):
    page = REAL / "boilerplate" / "009.txt"
    title = page.read_text(encoding="utf-8").splitlines()[0]
    dropped = tmp_path / "dropped.jsonl"
    out = [x for x in run_cli("--dropped", dropped, page).stdout.decode().splitlines() if x.strip()]
    assert out[0] == title and out.count(title) == 1
    assert {"line": 4, "category": "repeat"}.items() <= json.loads(dropped.read_text(encoding="utf-8").splitlines()[1]).items()


def test_page_title_said_twice_stays_when_the_first_goes():
    # the first title-like line is dropped beside boilerplate: its repeat is the heading
    lines = ["您现在的位置：首页 > 新闻", "欧洲与美国的不同选择", "首页 | 新闻 | 财经 | 体育", "欧洲与美国的不同选择",
             (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[2]]
    out = run_cli(input=("\n".join(lines) + "\n").encode()).stdout.decode().splitlines()
    assert out == lines[3:]


def test_clone_sites_title_and_keywords_before_the_text_go():
    body = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[2]
    title = "危机比作周期性衰退的历史类比"
    page = f"{title}\n危机比作周期性衰退，的历史类比，经济危机，金融危机,{body}\n"
    assert run_cli(input=page.encode()).stdout.decode() == f"{title}\n{body}\n"
    # what follows cut short (an ellipsis): the page's description, an excerpt of its text
    p = Pipeline(Options.build(only=["clean"]))
    assert p.normalize(f"{title}\n危机比作周期性衰退，的历史类比，经济危机，金融危机,{body[:30]}…\n{body}\n") == f"{title}\n{body}\n"
    assert dict(p.totals["clean"]) == {"description": 1}
    # the real page: its description holds its table of contents, flattened
    out = run_cli(REAL / "pinyin_traditional" / "004.txt").stdout.decode().splitlines()
    assert out[:3] == ["潍坊做网站的那家好网络推广公司名字大全", "", "一、input子系统"]


def test_a_first_paragraph_that_restates_the_title_in_a_clause_stays():
    body = "欧洲在避免债务和捍卫欧元的名义下正变得谨慎，而美国已经在许多方面行动起来。"
    page = f"欧洲与美国的不同选择之路\n欧洲与美国的不同选择之路，在危机中，{body}\n"
    assert run_cli(input=page.encode()).stdout.decode() == page  # 在: a clause, not a keyword


def test_web_address_glued_to_the_title_goes_and_the_title_stays():
    body = (CORPORA / "news-commentary.zh-hans.txt").read_text(encoding="utf-8").splitlines()[2]
    for glued in ("危机比作周期性衰退www.example.com", "www.example.com.cn 危机比作周期性衰退"):
        out = run_cli(input=f"{glued}\n{body}\n".encode()).stdout.decode()
        assert out == f"危机比作周期性衰退\n{body}\n"
    # in the body, an address is text
    line = "购票请登录www.12306.cn"
    assert run_cli(input=f"危机比作周期性衰退\n{body}\n{line}\n".encode()).stdout.decode().endswith(line + "\n")


def test_table_of_contents_goes_but_the_article_heading_after_it_stays():
    toc = "目录\n  • 一、总则\n  • 二、任务\n    • 2.1 组织\n  • 三、保障"
    text = f"{ARTICLE}\n\n{toc}\n\n一、总则\n\n{ARTICLE}"
    p = Pipeline(Options.build(only=["clean"]))
    assert p.normalize(text) == f"{ARTICLE}\n\n\n一、总则\n\n{ARTICLE}"
    assert dict(p.totals["clean"]) == {"toc": 5}
    # numbered headings without bullets belong to it only with no blank line between
    assert cleaned(f"{ARTICLE}\n目录\n一、总则\n二、任务\n\n三、保障\n{ARTICLE}") == f"{ARTICLE}\n\n三、保障\n{ARTICLE}"
    # a sentence ends it
    assert cleaned(f"目录\n• 会议强调，要加强组织领导。\n{ARTICLE}") == f"• 会议强调，要加强组织领导。\n{ARTICLE}"


PROMOS = [
    "成都创新互联为客户提供专业的成都网站建设、成都网站制作、程序、域名、空间一条龙服务。",
    "集安网站建设公司创新互联，集安网站设计制作，有大型网站制作公司丰富经验。",
    "成都创新互联网站制作重庆分公司",
]
NOT_PROMOS = [
    "我们的网站建设比他们的网站设计更重视用户体验，这是共识。",
    "成都网站建设行业近年发展很快，从业公司超过千家。",
    "成都网站建设公司排名",
]


@pytest.mark.parametrize("line", PROMOS)
def test_web_design_advertisement_goes(line):
    p = Pipeline(Options.build(only=["clean"]))
    assert p.normalize(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{ARTICLE}"
    assert dict(p.totals["clean"]) == {"promo": 1}


@pytest.mark.parametrize("line", NOT_PROMOS)
def test_prose_about_websites_stays(line):
    assert cleaned(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{line}\n{ARTICLE}"


def test_catalogue_numbers_of_a_paper_go():
    line = "中图分类号:G252.8 文献标识码:A DOI:10.11968/tsyqb.1003-6938.2017051"
    assert cleaned(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{ARTICLE}"


@pytest.mark.parametrize("line", ["|", "?", "•", "1  2  3  4  5  6  7  8"])
def test_a_line_without_text_goes_and_counts_as_blank(line):
    p = Pipeline(Options.build(only=["clean"]))
    assert p.normalize(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{ARTICLE}"
    assert dict(p.totals["clean"]) == {"stray": 1}
    # it takes no short line with it: the short line's neighbours are the body lines
    assert cleaned(f"图为会议现场\n{line}\n{ARTICLE}") == f"图为会议现场\n{ARTICLE}"


@pytest.mark.parametrize("line", ["}", "```", "2017", "1 3 5 7", "???!", "——"])
def test_short_lines_that_may_be_text_stay(line):
    assert cleaned(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{line}\n{ARTICLE}"


def test_the_next_item_of_a_claimed_numbered_list_goes_too():
    notes = "友情提示\n2、PDF文件下载后，可能会被浏览器默认打开。\n3、本站不支持迅雷下载，请使用浏览器下载。\n4、试题试卷类文档，如果标题没有明确说明有答案则都视为没有答案，请知晓。"
    p = Pipeline(Options.build(only=["clean"]))
    assert p.normalize(f"{ARTICLE}\n{notes}\n\n{ARTICLE}") == f"{ARTICLE}\n\n{ARTICLE}"
    assert dict(p.totals["clean"]) == {"ui": 4}  # the heading, two notes by the rules, the last by its number
    # not after a blank line, not out of order, not after an item no rule claimed
    for text in (
        "2、本站不支持迅雷下载，请使用浏览器下载。\n\n3、如果标题没有说明有答案，则都视为没有答案。",
        "2、本站不支持迅雷下载，请使用浏览器下载。\n4、如果标题没有说明有答案，则都视为没有答案。",
        "2、本站所有资源均经过审核。\n3、如果标题没有说明有答案，则都视为没有答案。",
    ):
        kept = text.splitlines()[-1]
        assert kept in cleaned(f"{ARTICLE}\n{text}\n{ARTICLE}").splitlines()


def test_the_section_a_breadcrumb_ends_with_goes_under_it():
    text = f"当前位置:首页 > 法律信息研究 > 法律信息资源\n法律信息资源\n{ARTICLE}"
    assert cleaned(text) == ARTICLE
    # only right under it
    text = f"当前位置:首页 > 法律信息研究 > 法律信息资源\n{ARTICLE}\n法律信息资源\n{ARTICLE}"
    assert cleaned(text) == f"{ARTICLE}\n法律信息资源\n{ARTICLE}"


def test_a_date_under_its_label_at_the_end_of_a_line_goes():
    line = "颜某;余某,地理科学进展发表时间:2021-11-28"
    assert cleaned(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{ARTICLE}"
    prose = "会议确定了报告的发布时间：2021年11月28日，各部门要提前准备。"
    assert cleaned(f"{ARTICLE}\n{prose}\n{ARTICLE}") == f"{ARTICLE}\n{prose}\n{ARTICLE}"


def test_a_users_rule_may_head_a_list_of_items_only(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\ncategory = "toc"\nlist_items = true\npatterns = [\'^章节$\']\n', encoding="utf-8")
    text = f"{ARTICLE}\n章节\n• 总则\n• 任务\n\n总则\n{ARTICLE}"
    assert cleaned(text, rules=[str(rules)]) == f"{ARTICLE}\n\n总则\n{ARTICLE}"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\ncategory = "toc"\nlist_items = "yes"\npatterns = [\'^章节$\']\n', encoding="utf-8")
    with pytest.raises(RulesError, match="list_items"):
        load_rules((str(bad),))


def test_rules_see_a_bulleted_line_as_tidy_leaves_it():
    # tidy takes the bullet; the meta rule (anchored at the line's start) claims the line
    # in the first run already, so a second run has nothing more to drop
    text = f"{ARTICLE}\n• 来源：新华社\n{ARTICLE}\n"
    once = normalize(text)
    assert once == f"{ARTICLE}\n{ARTICLE}\n"
    assert normalize(once) == once


def test_letter_spaced_labels_with_runs_of_spaces_go_in_the_first_run():
    # tidy folds a run of spaces between Han to one; the label is the same label before
    line = "首     页 政 务 公 开 网 上 办 事"
    assert cleaned(f"{ARTICLE}\n{line}\n{ARTICLE}") == f"{ARTICLE}\n{ARTICLE}"


def test_keywords_found_from_their_rarest_character_as_by_the_whole_pattern():
    """classify looks for the rules' keywords at their rarest characters first
    (`anchored`) and searches the keywords' pattern only from the first one found: on
    every line of the real pages and the corpora, of every length's rule set, that
    finds the same keywords, in the same order, as a search of the whole line."""
    from zhnorm.clean import Clean, anchored

    clean = Clean(Options())
    texts = [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*/[0-9][0-9][0-9].txt"))]
    texts += [p.read_text(encoding="utf-8")[:100_000] for p in sorted(CORPORA.glob("*.txt"))]
    lines = {clean.match_text(line) for text in texts for line in text.splitlines()} - {""}
    found = 0
    for limit in [*clean.limits, max(clean.limits) + 1]:
        _, keywords, _, _, _, words = clean._rules_for(limit)
        anchor, longest = anchored(words), len(words[0])
        for s in lines:
            whole = keywords.findall(s)
            first = anchor.search(s)
            assert (first is None) == (not whole), s
            if first is not None:
                assert keywords.findall(s, max(0, first.start() - longest + 1)) == whole, s
                found += 1
    assert found > 1000


@pytest.mark.parametrize("feature, plain", [
    ("menu_separators", r"\s*[|｜]\s*|\s{2,}|\s*[·•]\s*"),
    ("spam_separators", r"\s*[_|｜,]\s*|\s{2,}"),
])
def test_separators_split_as_their_plain_form(feature, plain):
    """boilerplate.toml writes the menu and spam separators to start with the class of a
    match's first character (a faster scan): every real line, and every short string of
    spaces, separators and text, splits as by the plain pattern its comment gives."""
    import itertools
    import re

    written = re.compile(load_rules().features[feature])
    assert written.pattern != plain
    plain = re.compile(plain)
    texts = [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("*/[0-9][0-9][0-9].txt"))]
    lines = [line.strip() for text in texts for line in text.splitlines()]
    lines += ["".join(t) for n in range(1, 5) for t in itertools.product(" \u3000_|｜,·•a中", repeat=n)]
    assert sum(len(plain.split(s)) > 1 for s in lines) > 1000
    for s in lines:
        assert written.split(s) == plain.split(s), s


def test_a_clean_built_after_rules_are_added_sees_them(monkeypatch):
    # the rule sets by line length are built once for a Rules and shared by every Clean
    # made from it: adding rules must make them again, or a new rule is never tried
    from zhnorm import clean, rules as R
    from zhnorm.options import Options

    rules = R.Rules()
    rules.add(R._builtin(), "boilerplate.toml", linear=False)
    monkeypatch.setattr(clean, "load_rules", lambda paths=(): rules)
    line = "本站特别提醒读者注意防范电信诈骗"
    assert clean.Clean(Options()).classify(line)[1] is None
    assert clean.Clean(Options())._by_length is clean.Clean(Options())._by_length  # shared
    rules.add({"rule": [{"category": "promo", "patterns": ["特别提醒"], "keywords": ["特别提醒"]}]}, "mine.toml", linear=True)
    assert clean.Clean(Options()).classify(line)[1] == len(rules.rules) - 1
