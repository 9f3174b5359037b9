"""Character classes the stages share."""

from __future__ import annotations

import re

#: a Han character: CJK unified ideographs, extension A, compatibility, extensions B and on
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
