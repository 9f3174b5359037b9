"""What corpus pipelines do today: ftfy.fix_text on each line, then OpenCC t2s.

    python benchmarks/ftfy_opencc.py < in.txt > out.txt
"""

import sys

import ftfy
import opencc


def main() -> None:
    t2s = opencc.OpenCC("t2s")
    out = sys.stdout
    for line in sys.stdin:
        out.write(t2s.convert(ftfy.fix_text(line)))


if __name__ == "__main__":
    main()
