"""Write samples/: the seed page of ../shared/fixtures/seed as UTF-8, GBK, Big5 and UTF-16.

The page is the real crawl (UTF-8). The other files hold the same page in the encodings
such pages arrive in. Characters a codec lacks are replaced by their nearest neighbour:
NBSP (not in GBK or Big5) by the ideographic space U+3000, which tidy treats alike;
the bullet U+2022 (not in GBK) by the middle dot U+00B7; 飚 (in neither Big5 table) by
its variant 飆. Big5 is written as Big5-HKSCS, the superset that has pinyin letters.

    python scripts/make_samples.py
"""

from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "fixtures" / "seed" / "ganzi-news.input.txt"
OUT = ROOT / "samples"


def main() -> None:
    text = SEED.read_text(encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    (OUT / "ganzi-news.txt").write_text(text, encoding="utf-8", newline="")
    spaced = text.replace("\u00a0", "\u3000")
    (OUT / "ganzi-news.gbk.txt").write_bytes(spaced.replace("\u2022", "\u00b7").encode("gbk"))
    (OUT / "ganzi-news.big5.txt").write_bytes(spaced.replace("飚", "飆").encode("big5hkscs"))
    (OUT / "ganzi-news.utf16.txt").write_bytes(text.encode("utf-16"))
    for path in sorted(OUT.glob("ganzi-news*")):
        print(path.relative_to(ROOT), path.stat().st_size)


if __name__ == "__main__":
    main()
