"""Evaluate `--template-lines` on a corpus of pages from a few sites.

    python evaluation/eval_templates.py [--pages 12] [--k 3] [--show 10]
    python evaluation/eval_templates.py --duplicates [--k 3]

Each of five sites (a news portal, a document-sharing site, a forum, a government
site, an SEO clone site) has its template: header lines, a slogan, menus, a sidebar,
footer lines of the kinds real pages hold, most of them worded so that no rule of
boilerplate.toml knows them (a site's name and slogan, its hot-line, its app banner),
and lines that vary by page (a date line, a counter). The articles are paragraphs
and titles of ../shared/corpora, with traps: one article carried by three of the
sites (its title and paragraphs are in several documents, and must stay), the
numbered section headings every document of the government site has (一、总体要求),
and short article lines.

The corpus is written to a temporary folder as one file a page and as one JSON Lines
file (a record a page), and `normalize` runs on it end to end, without and with
`--template-lines K`. Printed: template lines in the corpus, how many go without and
with the option (by any category, and under `template`), article lines lost (must be
0), and whether the JSON Lines run gives the same text as the files.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clean_pages import SHORT_BODY, _corpus  # noqa: E402

NORMALIZE = str(pathlib.Path(sys.executable).with_name("normalize"))
T, V = "template", "varies"  # labels: a line of the site's template, a line that varies by page


def news_site(r, i):
    top = [("江南在线 权威新闻 服务百姓", T),
           ("首页 | 新闻 | 财经 | 体育 | 娱乐 | 图片", T),
           ("江南在线客户端 下载体验更精彩", T),
           (f"您现在的位置：首页 > 新闻 > 正文", T)]
    meta = [(f"2023-0{r.randint(1, 9)}-1{r.randint(0, 9)} 0{r.randint(1, 9)}:2{r.randint(0, 9)} 来源：江南在线", V)]
    bottom = [("新闻热线 0571-88888888 广告合作 0571-66666666", T),
              ("江南在线版权所有 未经授权禁止转载", T),
              ("浙ICP备12345678号-1", T),
              ("江南传媒集团旗下网站 江南日报社主办", T)]
    return top, meta, bottom


def doc_site(r, i):
    top = [("海量文档 尽在文库百科网", T),
           ("VIP会员 海量文档免费下载", T),
           ("热门搜索 作文 教案 试卷 课件 论文", T),
           (f"资源ID:{r.randint(100000, 999999)} 全文页数:{r.randint(2, 99)}页", V)]
    meta = []
    bottom = [("本文档由用户上传 如有侵权请联系客服处理", T),
              ("客服QQ 12345678 工作时间 9:00-18:00", T),
              ("文库百科网 让知识创造价值", T)]
    return top, meta, bottom


def forum_site(r, i):
    top = [("清风论坛 以文会友 以诚待人", T),
           ("论坛首页 › 社会杂谈 › 浏览帖子", T),
           ("欢迎新人报到 请先阅读版规再发帖", T)]
    meta = [(f"楼主 网友{r.randint(1000, 9999)} 发表于 2022-1{r.randint(0, 2)}-0{r.randint(1, 9)}", V)]
    bottom = [("清风论坛 Powered by 某某社区软件", T),
              ("手机版 小黑屋 清风论坛 站长统计", T)]
    return top, meta, bottom


def gov_site(r, i):
    top = [("某某市人民政府门户网站", T),
           ("长者模式 无障碍浏览 简体 繁体", T),
           ("政务公开 政务服务 互动交流 走进某某", T)]
    meta = [(f"发布日期：2021-0{r.randint(1, 9)}-{r.randint(10, 28)} 信息来源：市政府办公室", V)]
    bottom = [("主办：某某市人民政府办公室 承办：某某市大数据中心", T),
              ("网站标识码3301000001 政务服务热线12345", T),
              ("某某市人民政府网站 技术支持 某某网络科技", T)]
    return top, meta, bottom


def clone_site(r, i):
    top = [("最新资讯_热点新闻_今日头条_新闻网", T),
           ("每日热点资讯网 天天看新闻", T),
           ("本站内容来自互联网 仅供学习交流", T)]
    meta = [(f"发布时间 2024-0{r.randint(1, 9)}-0{r.randint(1, 9)} 阅读 {r.randint(10, 9999)}", V)]
    bottom = [("每日热点资讯网 联系邮箱 admin@example.com", T),
              ("Copyright 每日热点资讯网 粤ICP备00000000号", T)]
    return top, meta, bottom


SITES = [news_site, doc_site, forum_site, gov_site, clone_site]
SECTIONS = ["一、总体要求", "二、主要任务", "三、保障措施"]


def corpus(n_pages: int = 12, seed: int = 11) -> list[list[tuple[str, str | None]]]:
    """Pages, each a list of (line, label): None for the article's, else T or V."""
    r = random.Random(seed)
    paragraphs, titles = _corpus()
    r.shuffle(paragraphs)
    r.shuffle(titles)
    shared_title = titles.pop()
    shared = [paragraphs.pop() for _ in range(3)]  # the article three sites carry
    pages = []
    for s, site in enumerate(SITES):
        for i in range(n_pages):
            top, meta, bottom = site(r, i)
            body: list[tuple[str, str | None]] = []
            if i == 0 and s in (0, 1, 4):
                title, paras = shared_title, shared
            else:
                title, paras = titles.pop(), [paragraphs.pop() for _ in range(r.randint(2, 5))]
            if site is gov_site:
                for head, p in zip(SECTIONS, paras + [paragraphs.pop() for _ in range(3 - len(paras))]):
                    body += [(head, None), (p, None)]
            else:
                body += [(p, None) for p in paras]
            if r.random() < 0.3:
                body.insert(r.randrange(1, len(body) + 1), (r.choice(SHORT_BODY), None))
            pages.append([*top, (title, None), *meta, *body, *bottom])
    return pages


def run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([NORMALIZE, *args], input=data, capture_output=True, check=True)


def measure(pages, k: int | None, folder: pathlib.Path) -> dict:
    """Run the files of `pages` (written in `folder`) with --template-lines k (None:
    without); what was dropped, by the --dropped records."""
    names = [str(folder / f"{n:03d}.txt") for n in range(len(pages))]
    dropped = folder / "dropped.jsonl"
    opts = ["--dropped", str(dropped)] + (["--template-lines", str(k)] if k else [])
    out = run([*opts, *names]).stdout.decode("utf-8")
    got = {}
    for rec in map(json.loads, dropped.read_text(encoding="utf-8").splitlines()):
        got[(rec["file"], rec["line"])] = rec["category"]
    r = dict(template=0, template_dropped=0, by_template=0, varies=0, varies_dropped=0, article=0, lost=[])
    for name, page in zip(names, pages):
        for no, (line, label) in enumerate(page, 1):
            category = got.get((name, no))
            if label is None:
                r["article"] += 1
                if category:
                    r["lost"].append((category, line))
            elif label == T:
                r["template"] += 1
                r["template_dropped"] += category is not None
                r["by_template"] += category == "template"
            else:
                r["varies"] += 1
                r["varies_dropped"] += category is not None
    r["output"] = out
    return r


def duplicated(k: int, copies: int = 3) -> None:
    """The case against the option by default: ../shared/corpora as JSON Lines records
    (ten lines of news commentary or of 左传, or one web article, a record), each record
    `copies` times over, as a corpus is before deduplication."""
    from corpus import CORPORA

    lines = []
    for name in ("news-commentary.zh-hans.txt", "zuozhuan.zh-hans.txt"):
        lines += (CORPORA / name).read_text(encoding="utf-8").splitlines()
    texts = ["\n".join(lines[i : i + 10]) for i in range(0, len(lines), 10)]
    texts += (CORPORA / "clue-news-web.zh-hans.txt").read_text(encoding="utf-8").splitlines()
    data = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts) * copies

    def count(args):
        out = run(["--jsonl", *args], data.encode("utf-8")).stdout.decode("utf-8")
        return sum(len(json.loads(x)["text"].splitlines()) for x in out.splitlines())

    without, with_ = count([]), count(["--template-lines", str(k)])
    print(f"{len(texts)} records, each {copies} times: {without} lines out without the option, "
          f"{with_} with --template-lines {k} ({without - with_} dropped)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=12, help="pages per site")
    ap.add_argument("--k", type=int, default=3, help="--template-lines K")
    ap.add_argument("--show", type=int, default=10, help="template lines left to print")
    ap.add_argument("--duplicates", action="store_true", help="measure a corpus of duplicated records instead")
    a = ap.parse_args()
    if a.duplicates:
        duplicated(a.k)
        return
    pages = corpus(a.pages)
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        for n, page in enumerate(pages):
            (folder / f"{n:03d}.txt").write_text("".join(line + "\n" for line, _ in page), encoding="utf-8")
        records = "".join(json.dumps({"text": "\n".join(x for x, _ in p) + "\n"}, ensure_ascii=False) + "\n" for p in pages)
        for k in (None, a.k):
            r = measure(pages, k, folder)
            print(f"{'without' if k is None else f'--template-lines {k}'}: {len(pages)} pages of {len(SITES)} sites; "
                  f"template lines dropped {r['template_dropped']}/{r['template']} "
                  f"(under template {r['by_template']}); page-varying lines dropped {r['varies_dropped']}/{r['varies']}; "
                  f"article lines lost {len(r['lost'])}/{r['article']}")
            for category, line in r["lost"][: a.show]:
                print(f"  lost ({category}): {line[:60]}")
        left = [line for p in pages for line, label in p if label == T]
        kept = set(r["output"].splitlines())
        shown = sorted({x for x in left if x in kept})
        for x in shown[: a.show]:
            print(f"  template left: {x}")
        jl = run(["--jsonl", "--template-lines", str(a.k)], records.encode("utf-8")).stdout.decode("utf-8")
        joined = "".join(json.loads(x)["text"] for x in jl.splitlines())
        print(f"--jsonl --template-lines {a.k} (a record a page, on standard input): "
              f"{'same text as the files' if joined == r['output'] else 'OTHER TEXT than the files'}")


if __name__ == "__main__":
    main()
