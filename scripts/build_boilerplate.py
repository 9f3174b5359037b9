"""Build src/zhnorm/data/boilerplate.json: data/boilerplate.toml (clean's built-in rules)
as JSON, for start-up: Python's json loads it in a tenth of a millisecond, where importing
tomllib alone costs about 7 ms of CPU. The JSON records the CRC-32 of the TOML file's
bytes; rules.py uses it only while that still matches, and parses the TOML file
otherwise, so an edit of the rules is never lost, only slower to load until this is run
again (tests/test_rules.py says when).

    python scripts/build_boilerplate.py
"""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent.parent / "src" / "zhnorm" / "data"


def main() -> None:
    raw = (DATA / "boilerplate.toml").read_bytes()
    table = tomllib.loads(raw.decode("utf-8"))
    out = {"source": "boilerplate.toml", "crc32": zlib.crc32(raw), "rules": table}
    (DATA / "boilerplate.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
