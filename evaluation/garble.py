"""Garble real sentences the ways Chinese text gets garbled, with the truth known.

Each case is (kind, garbled, truth, recoverable): `recoverable` says the garbled text
still holds every byte of the original (a byte the wrong decoder threw away cannot be
brought back, only marked). Kinds, alone and as a span inside a clean line:

- utf-8 as gbk: UTF-8 bytes read as GB18030 (a U+FFFD stands for 0x80) or as GBK;
- gbk as latin-1: GBK bytes read as Latin-1 or cp1252;
- utf-8 as latin-1: UTF-8 bytes read as cp1252 or Latin-1, once or twice;
- big5 as gbk: Big5 bytes (of the Traditional text) read as GB18030;
- gbk as big5: GBK bytes read as Big5-HKSCS.
"""

from __future__ import annotations

import functools
import random

from corpus import CORPORA, rows

EUROPEAN = [
    "Ärger über Öl und Gebühren für Übergrößen",
    "naïve façade, déjà vu, crème brûlée à la carte",
    "Ølen på Åland, smørrebrød og blåbær",
    "El niño comió jalapeños en Peñíscola",
    "Grüße aus München – schöne Straße",
    "Zürich, Genève, São Paulo, Kraków, İstanbul",
    "„Anführungszeichen“ und »Guillemets« – naïveté",
]
JAPANESE = [
    "今日は天気がいいので、公園を散歩しました。",
    "この本はとても面白いです。",
    "東京駅から新幹線で京都へ向かう。",
    "世界最大の旅行口コミサイト、トリップアドバイザー",
    "日本語：しょうちゅうの へん",
    "コンピューターのソフトウェアを更新してください",
    "彼女は毎朝コーヒーを飲む。",
    "さらに、こんなにも綺麗な海辺",
    "漫画『ワンピース』の最新刊が発売された",
    "皆さん、こんにちは！",
]
RARE_BUT_REAL = [
    "鎏金铜佛像是国家一级文物。",
    "三头牛为犇，形容牛群奔跑。",
    "锟是古书上说的一种金属。",
    "他用镊子夹起一枚犄角。",
    "甪直古镇位于苏州东南。",
    "这本书的作者是𠮷野家的老板。",
]


@functools.lru_cache(maxsize=1)
def sentences() -> list[str]:
    return [row for row in rows() if 8 <= len(row) <= 120 and not row.isascii()]


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def garble(kind: str, text: str, r: random.Random) -> tuple[str, str, bool] | None:
    """(garbled, truth, recoverable) for one sentence, or None if the codec cannot hold it."""
    try:
        if kind == "utf-8 as gbk":
            if r.random() < 0.7:
                g = text.encode("utf-8").decode("gb18030", errors="replace")
                back = g.replace("\ufffd", "\x80").encode("gb18030", errors="replace")
                return g, text, back == text.encode("utf-8")
            g = text.encode("utf-8").decode("gbk", errors="replace")
            return g, text, "\ufffd" not in g
        if kind == "gbk as latin-1":
            codec = r.choice(["latin-1", "cp1252"])
            g = text.encode("gbk").decode(codec, errors="replace")
            return g, text, "\ufffd" not in g
        if kind == "utf-8 as latin-1":
            codec = r.choice(["latin-1", "cp1252"])
            g = text.encode("utf-8").decode(codec, errors="replace")
            ok = "\ufffd" not in g
            if r.random() < 0.3:
                g = g.encode("utf-8").decode("cp1252", errors="replace")
                ok = ok and "\ufffd" not in g
            return g, text, ok
        if kind == "big5 as gbk":
            trad = _s2t().convert(text)
            g = trad.encode("big5hkscs").decode("gb18030", errors="replace")
            return g, trad, "\ufffd" not in g
        if kind == "gbk as big5":
            g = text.encode("gbk").decode("big5hkscs", errors="replace")
            return g, text, "\ufffd" not in g
    except UnicodeEncodeError:
        return None
    raise ValueError(kind)


SEED = 11
KINDS = ["utf-8 as gbk", "gbk as latin-1", "utf-8 as latin-1", "big5 as gbk", "gbk as big5"]


def cases(n: int = 300, seed: int = SEED):
    """Yield (kind, where, garbled, truth, recoverable): where is 'alone' or 'embedded'."""
    r = random.Random(seed)
    pool = sentences()
    for kind in KINDS:
        made = 0
        while made < n:
            text = r.choice(pool)
            if made % 2 == 0:
                got = garble(kind, text, r)
                if got:
                    yield kind, "alone", *got
                    made += 1
                continue
            # a garbled span (a title, a name) inside a clean line, ASCII or Chinese around it
            span = text[: r.randint(4, 12)].strip()
            got = garble(kind, span, r)
            if not got or not span:
                continue
            g, truth, ok = got
            host = r.choice(pool)
            if kind == "big5 as gbk":
                host = _s2t().convert(host)
            frame = r.choice(["iPhone 15 Pro {} 7999", "标题：{}，" + host[:20], host[:15] + "“{}”" + host[15:30], "{} - " + host[:20]])
            yield kind, "embedded", frame.format(g), frame.format(truth), ok
            made += 1


def opencc_texts() -> list[str]:
    """OpenCC's test sentences in every script: clean text from outside the corpora
    (the frequency and bigram tables are built from the corpora)."""
    import json

    cases = json.loads((CORPORA / "opencc-testcases.json").read_text(encoding="utf-8"))["cases"]
    return sorted({t for c in cases for t in [c["input"], *c["expected"].values()]})


def negatives() -> list[str]:
    """Clean text that must come out unchanged."""
    lines = opencc_texts()
    for name in ("news-commentary.zh-hans.txt", "clue-news-web.zh-hans.txt", "zuozhuan.zh-hans.txt"):
        lines += [row for row in (CORPORA / name).read_text(encoding="utf-8").splitlines() if row.strip()]
    trad = _s2t().convert("\n".join(lines[:1000])).splitlines()
    return lines + trad + EUROPEAN + JAPANESE + RARE_BUT_REAL
