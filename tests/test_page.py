"""clean, page by page: doubtful lines decided by their neighbours; through the CLI, bytes in."""

from __future__ import annotations

import json

from .conftest import run_cli

BODY = [
    "近日，省教育厅印发通知，要求各地进一步规范校外培训机构的收费行为，切实减轻家庭负担。",
    "通知指出，培训机构不得一次性收取超过三个月的费用，并应在显著位置公示收费项目和标准。",
    "据了解，今年以来全省已累计排查培训机构两千余家，责令整改的有三百多家。",
]
TITLE = "省教育厅规范校外培训收费"

DOWNLOAD_SITE = [
    "欢迎来到某某文库! | 帮助中心 分享知识,传播快乐!",
    "某某文库",
    "全部分类",
    "  • 教育专区>",
    "  • 行业资料>",
    "  • 生活休闲>",
    "  • ImageVerifierCode 换一换",
    "    首页 某某文库 > 资源分类 > DOC文档下载",
    "",
    "    " + TITLE + ".doc",
    "    • 资源ID:2233445       资源大小:1.2MB        全文页数:12页",
    "    • 资源格式: DOC        下载积分:5金币",
    "    快捷下载 游客一键下载",
    "    账号登录下载",
    "    二维码",
    "    温馨提示:",
    "    如填写456,账号就是456,密码也是456。",
    "    验证码:   换一换",
    "      忘记密码?",
    "    友情提示",
    "    1、本站资源下载后的文档无水印,请使用浏览器下载即可。",
    "",
    "    " + TITLE + ".doc",
    *BODY,
]

PORTAL = [
    "某某日报",
    "社会",
    "",
    "某某网首页 > 社会 > 正文",
    "",
    TITLE,
    "",
    "2024-05-06 09:30:12 | 来源:某某日报 | 作者:李华",
    "",
    *BODY,
    "",
    "责任编辑:王明",
    "推荐阅读",
    "- 暑期安全|假期将至,这些安全知识要牢记",
    "- 校园|新学期开学首日见闻",
    "相关新闻",
    "新闻 体育 财经 教育 科技 旅游",
    "Copyright © 2024 某某网 版权所有",
]


def run(lines: list[str], *args: str) -> str:
    r = run_cli("--only", "clean", *args, input=("\n".join(lines) + "\n").encode())
    assert r.returncode == 0, r.stderr
    return r.stdout.decode()


def kept(out: str) -> list[str]:
    return [x.strip() for x in out.splitlines() if x.strip()]


def test_a_download_site_keeps_the_title_and_the_body():
    out = run(DOWNLOAD_SITE)
    assert kept(out) == [TITLE + ".doc", *BODY]


def test_a_portal_page_keeps_title_and_body_only():
    assert kept(run(PORTAL)) == [TITLE, *BODY]


def test_one_pass_is_final():
    for page in (DOWNLOAD_SITE, PORTAL):
        once = run(page)
        assert run(once.splitlines()) == once


def test_every_decision_is_recorded_with_its_reason(tmp_path):
    dropped = tmp_path / "dropped.jsonl"
    run(PORTAL, "--dropped", str(dropped))
    got = {json.loads(x)["text"]: json.loads(x)["category"] for x in dropped.read_text(encoding="utf-8").splitlines()}
    assert got["某某日报"] == "context"  # the site's name: doubtful, next to the page's edge and a breadcrumb
    assert got["某某网首页 > 社会 > 正文"] == "breadcrumb"
    assert got["- 校园|新学期开学首日见闻"] == "related"  # a bullet item of the list under 推荐阅读
    assert got["新闻 体育 财经 教育 科技 旅游"] == "related"
    assert TITLE not in got


def test_a_record_of_fields_quoted_in_an_article_stays():
    record = ["单位名称:某某科技有限公司", "联系人:张先生", "联系电话:", "传真:0000-0000000", "邮编:", "招聘职位:编辑", "发布日期:2007-07-17"]
    page = [BODY[0], "", *record, "", BODY[1]]
    assert kept(run(page)) == [BODY[0], *record, BODY[1]]


def test_short_lines_that_read_as_text_stay_next_to_boilerplate():
    # reviews under a product's name: short, no sentence punctuation, but prose
    page = ["您的位置：论坛 » 数码 » 浏览文章", "某品牌 64GB 存储卡", "发表时间：2019-04-17  浏览次数：2726",
            "挺好的就是发货有点慢", "用了一个月了没有出过问题", "版权所有 某某论坛"]
    assert kept(run(page)) == page[1:2] + page[3:5]


def test_short_lines_with_nothing_around_them_stay():
    poem = ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    assert kept(run(poem)) == poem
    # and a run of short lines longer than context_max_run stays even next to boilerplate
    lines = [f"第{i}条 注意事项" for i in range(1, 15)]
    assert kept(run(["来源：某某网", *lines, "版权所有 某某网"])) == lines


def test_an_injected_line_padded_with_random_letters_goes():
    page = [BODY[0], "北京时间2025-11-02,qwhrtnbvcxlksdfgtyp,某某在线下载", BODY[1],
            "他在internationalization工作组负责术语的审定。", "访问 http://www.zhongguoxinwenwang.com 查看详情"]
    out = kept(run(page))
    assert out == [BODY[0], BODY[1], page[3], page[4]]


def test_a_headline_above_the_breadcrumb_is_the_sites():
    # the site's name (as long as a headline) and its section, then the breadcrumb, then the article
    page = ["每日经济新闻", "要闻", "", "每经网首页 > 要闻 > 正文", "", TITLE, "", "陈某 2025-11-02 01:09:33", "", *BODY]
    assert kept(run(page)) == [TITLE, "陈某 2025-11-02 01:09:33", *BODY]
    once = run(page)
    assert run(once.splitlines()) == once
    # with no breadcrumb between, a headline right above the body stays (a kicker, then the title)
    page = ["每日经济新闻", "", TITLE, "", *BODY]
    assert kept(run(page)) == ["每日经济新闻", TITLE, *BODY]


def test_a_label_between_the_menu_and_the_title_goes_a_chapter_number_stays():
    page = ["查看原文", "其他", "", TITLE, "", *BODY]
    assert kept(run(page)) == [TITLE, *BODY]
    for label in ("第一章", "一、", "卷三"):
        page = ["查看原文", label, "", TITLE, "", *BODY]
        assert kept(run(page)) == [label, TITLE, *BODY]
    # with no boilerplate above it, a short line above the title stays
    assert kept(run(["其他", "", TITLE, "", *BODY])) == ["其他", TITLE, *BODY]
