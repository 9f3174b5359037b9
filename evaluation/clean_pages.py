"""A labeled set for the clean stage: real article text inside site templates.

Each page is a list of (line, label): label None for a line of the article (keep), or
the boilerplate category the line belongs to. Articles are paragraphs and short lines
of ../shared/corpora; the templates are the kinds of site around Chinese web text
(portal, government site, blog with a vertical menu and SEO spam, forum, a
document-sharing site's download page, a government information-disclosure page, a
product page with short reviews), and the articles carry traps: prose that mentions
the words boilerplate uses, short items of an article's feature list, reviews.
"""

from __future__ import annotations

import pathlib
import random

from corpus import rows

# prose that mentions boilerplate words: must stay
TRAPS = [
    "在上一篇报道中，记者介绍了该县易地扶贫搬迁的进展情况。",
    "该网站首页改版后，用户访问量比去年同期增长了三成。",
    "转载他人作品应当尊重版权，未经许可擅自转载的，要承担相应的法律责任。",
    "作者认为，这一政策将对当地经济产生深远影响。",
    "编辑部收到了大量读者来信，纷纷表示支持。",
    "点击量并不能说明一切，内容质量才是根本。",
    "分享到朋友圈的内容应当真实，不得编造和传播谣言。",
    "记者：请问这项工作下一步有什么打算？",
    "下一步，我们将继续加大投入，确保各项任务落地见效。",
    "来源于生活而又高于生活，这是艺术创作的规律。",
    "版权保护是激励创新的重要手段，各方应共同维护。",
    "扫一扫路边的二维码，就能了解景区的历史。",
    "相关部门要高度重视，切实抓好落实。",
]
SHORT_BODY = ["一、加强组织领导", "二、明确工作任务", "图为会议现场。", "（完）", "附件：实施方案",
              # an article's feature list: short items with parentheses, no punctuation
              "支持双卡双待（移动/联通）", "续航时间长（约12小时）", "机身轻薄（重约150克）"]
# short lines that are text: a review, an answer (no sentence punctuation)
REVIEWS = ["挺好的就是发货有点慢", "用了一个月了没有出过问题", "包装很好物流也快", "比实体店便宜多了",
           "质量不错正在学习中", "孩子很喜欢这本书"]
PRODUCTS = ["某品牌 64GB 存储卡", "某某牌 无线蓝牙耳机", "初中生作文一本通", "某某牌 电热水壶 1.7L"]
DATELINES = ["甘孜日报 2017年04月05日", "新华社北京3月5日电", "2021年03月05日 10:23"]
SOURCES = ["人民网", "新华网", "甘孜日报", "康巴传媒网", "中国新闻网"]
NAMES = ["张三", "李明", "王芳", "陈斌", "赵磊"]


def _corpus() -> tuple[list[str], list[str]]:
    paragraphs, titles = [], []
    for row in rows():
        if 30 <= len(row) <= 600 and row[-1] in "。！？”":
            paragraphs.append(row)
        elif 8 <= len(row) <= 28 and not any(p in row for p in "。！？；，,.?!"):
            titles.append(row)
    return paragraphs, titles


def portal(r: random.Random, body: list[tuple[str, None]], t) -> list[tuple[str, str | None]]:
    return [
        (f"您现在的位置：首页 > 新闻中心 > {r.choice(['国内新闻', '社会', '财经'])} > 正文", "breadcrumb"),
        (t(), None),
        (f"发布时间：2021-03-0{r.randint(1, 9)} 10:23  来源：{r.choice(SOURCES)}  作者：{r.choice(NAMES)}  点击数：{r.randint(10, 9999)}", "meta"),
        ("【字体：大 中 小】 【打印本页】 【关闭窗口】", "share"),
        ("", None),
        *body,
        (f"（责任编辑：{r.choice(NAMES)}）", "meta"),
        ("分享到：微信 微博 QQ空间", "share"),
        (f"上一篇：{t()}", "prevnext"),
        (f"下一篇：{t()}", "prevnext"),
        ("相关新闻", "related"),
        (t(), "related"),
        (t(), "related"),
        (t(), "related"),
        ("首页 | 关于我们 | 联系我们 | 网站地图 | 广告服务", "nav"),
        ("Copyright © 2005-2021 www.example.com.cn All Rights Reserved", "footer"),
        (f"版权所有：{r.choice(SOURCES)}  技术支持：某某网络科技有限公司", "footer"),
        (f"蜀ICP备{r.randint(10000000, 99999999)}号-1", "footer"),
    ]


def government(r: random.Random, body, t):
    return [
        ("当前位置：首页 >> 政务公开 >> 工作动态", "breadcrumb"),
        (t(), None),
        (r.choice(DATELINES), None),
        *body,
        ("【打印】【关闭】", "share"),
        (f"  • 上一条：{t()}", "prevnext"),
        (f"  • 下一条：{t()}", "prevnext"),
        ("主办单位：某某县人民政府办公室  承办单位：某某县信息中心", "footer"),
        (f"地址：某某县人民路{r.randint(1, 99)}号 邮编：626000 电话：0836-{r.randint(1000000, 9999999)}", "footer"),
        ("网站标识码：5133000001 川公网安备 51330002000001号", "footer"),
    ]


def blog(r: random.Random, body, t):
    return [
        ("首页", "nav"),
        ("新闻", "nav"),
        ("体育", "nav"),
        ("娱乐", "nav"),
        ("财经", "nav"),
        ("科技", "nav"),
        ("", None),
        (t(), None),
        (f"作者：{r.choice(NAMES)}  阅读：{r.randint(10, 999)}  评论：{r.randint(0, 50)}", "meta"),
        *body,
        ("相 关 报 道", "nav"),
        ("扫一扫，关注微信公众号", "share"),
        ("上一篇：", "prevnext"),
        (t(), "prevnext"),
        (f"下一篇：{t()}", "prevnext"),
        ("热门推荐", "related"),
        (t(), "related"),
        (t(), "related"),
        ("澳门葡京娱乐城_百家乐开户_时时彩注册送彩金_真人娱乐平台", "spam"),
        ("体育新闻_体育资讯_体育直播_体育频道_体育视频", "spam"),
        ("返回顶部", "share"),
    ]


def forum(r: random.Random, body, t):
    return [
        ("您的位置：论坛 » 社区生活 » 浏览文章", "breadcrumb"),
        (t(), None),
        (f"发表时间：2019-0{r.randint(1, 9)}-1{r.randint(0, 9)}  浏览次数：{r.randint(10, 9999)}", "meta"),
        *body,
        (f"来源：{r.choice(SOURCES)}", "meta"),
        ("本站所有文章未经授权禁止转载，转载请注明出处", "footer"),
        ("上一篇文章：" + t(), "prevnext"),
        ("下一篇文章：没有了", "prevnext"),
        ("网站首页 · 关于我们 · 联系我们 · 免责声明", "nav"),
        ("© 2019 某某论坛", "footer"),
    ]


def download_site(r: random.Random, body, t):
    """A document-sharing site: welcome bar, category menu, login and download widgets."""
    title = t()
    return [
        (f"欢迎来到{r.choice(['某某文库', '某某文档网', '某某资料库'])}! | 帮助中心 分享知识,传播价值!", "ui"),
        (r.choice(["某某文库", "某某文档网"]), "context"),
        ("全部分类", "context"),
        *[(f"  • {c}>", "context") for c in r.sample(["教育专区", "行业资料", "生活休闲", "IT计算机", "经管营销", "医药卫生", "工程科技", "PPT模板"], 5)],
        ("  • ImageVerifierCode 换一换", "ui"),
        ("    首页 某某文库 > 资源分类 > DOC文档下载", "breadcrumb"),
        ("    分享到微信 分享到微博 分享到QQ空间", "share"),
        (f"    • 资源ID:{r.randint(100000, 9999999)}       资源大小:{r.randint(1, 9)}.{r.randint(1, 9)}MB        全文页数:{r.randint(2, 99)}页", "ui"),
        (f"    • 资源格式: DOC        下载积分:{r.randint(1, 20)}金币", "ui"),
        ("    快捷下载 游客一键下载", "ui"),
        ("    账号登录下载", "ui"),
        ("    微信登录下载", "ui"),
        ("    二维码", "ui"),
        ("    温馨提示:", "ui"),
        (f"    如填写{r.randint(100, 999)},账号就是该号码,密码也是该号码。", "ui"),
        ("    验证码:   换一换", "ui"),
        ("      忘记密码?", "ui"),
        ("    友情提示", "ui"),
        ("    2、本站不支持迅雷下载,请使用电脑自带的浏览器下载即可。", "ui"),
        ("", None),
        (title, None),
        *body,
    ]


def disclosure(r: random.Random, body, t):
    """A government information-disclosure page: the header table, then the document."""
    n = r.randint(1, 60)
    return [
        ("中国政府网 省政府网 English 市人大 市政协 市纪委监委", "context"),
        ("首     页 政 务 公 开 网 上 办 事 互 动 交 流", "context"),
        (f"索   引   号 2019120{r.randint(1, 9)}-{r.randint(100000, 999999)} 分        类 其他;市人民政府办公室", "meta"),
        (f"发 布 机 构 市人民政府办公室 发 文 日 期 2019-11-{r.randint(10, 28)}", "meta"),
        (f"文        号 某政办发〔2019〕{n}号   上 载 日 期 2019-12-02", "meta"),
        (t(), None),
        *body,
        ("【打印】【关闭】", "share"),
        ("主办单位：某某市人民政府办公室", "footer"),
    ]


def reviews(r: random.Random, body, t):
    """A product page on a forum: the product's name, then short reviews (text with no
    sentence punctuation, which only its function characters mark as text)."""
    lines = [(x, None) for x in r.sample(REVIEWS, 3)]
    return [
        ("您的位置：论坛 » 数码 » 浏览文章", "breadcrumb"),
        (r.choice(PRODUCTS), None),
        (f"发表时间：2019-0{r.randint(1, 9)}-1{r.randint(0, 9)}  浏览次数：{r.randint(10, 9999)}", "meta"),
        *lines,
        ("", None),
        *body,
        ("网站首页 · 关于我们 · 联系我们 · 免责声明", "nav"),
    ]


TEMPLATES = [portal, government, blog, forum, download_site, disclosure, reviews]


def pages(n: int = 80, seed: int = 7) -> list[list[tuple[str, str | None]]]:
    """n labeled pages, the same ones for the same seed."""
    r = random.Random(seed)
    paragraphs, titles = _corpus()

    def title() -> str:
        return r.choice(titles)

    out = []
    for i in range(n):
        body: list[tuple[str, None]] = []
        for _ in range(r.randint(2, 6)):
            body.append((r.choice(paragraphs), None))
            body.append(("", None))
        # traps and short article lines, at random places in the article
        for extra in r.sample(TRAPS, 3) + r.sample(SHORT_BODY, 1):
            body.insert(r.randrange(len(body) + 1), (extra, None))
        out.append(TEMPLATES[i % len(TEMPLATES)](r, body, title))
    return out


def seed_page(fixtures: pathlib.Path) -> list[tuple[str, str | None]]:
    """The seed page, labeled from its expected output (the lines it does not keep)."""
    from zhnorm import normalize

    raw = (fixtures / "ganzi-news.input.txt").read_text(encoding="utf-8").splitlines()
    kept = set((fixtures / "ganzi-news.expected.txt").read_text(encoding="utf-8").splitlines())
    labeled = []
    for line in raw:
        text = normalize(line, skip=["clean"])
        labeled.append((line, None if (not text or text in kept) else ("breadcrumb" if "位置" in line else "prevnext")))
    return labeled
