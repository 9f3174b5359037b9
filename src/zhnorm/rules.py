"""The boilerplate rules of the clean stage: the built-in file, then the user's `--rules`.

Every field is checked by type before it is used, and anything else is refused with
the file, the rule number and the field (RulesError; the CLI turns it into exit 2).

Built-in patterns run on Python's `re`. A user's patterns run on RE2 (google-re2),
whose matching is linear in the line's length, so that no rule file can make a run
(or a pre-commit hook) hang on a pattern such as `(a+)+$`; RE2 has no look-around and
no back-references, and a user pattern that needs them is refused when it is loaded.
"""

from __future__ import annotations

import re
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from . import datafiles as resources

PROSE_END = re.compile(r"[。！？!?][”’」』\"')）]*$")
#: a back-reference: its group's number depends on the patterns joined before it
BACKREF = re.compile(r"\\[1-9]|\(\?P=")
CLAUSE = re.compile(r"[，,；;]")


class RulesError(ValueError):
    """A rules file that cannot be used; the message names the file and the problem."""


def is_prose(s: str) -> bool:
    """A sentence: ends with 。！？ and has a clause break inside."""
    return bool(PROSE_END.search(s) and CLAUSE.search(s))


def _re2_compile(pattern: str):
    import re2

    options = re2.Options()
    options.log_errors = False  # the error is reported once, by us
    try:
        return re2.compile(pattern, options=options)
    except re2.error as e:
        msg = e.args[0].decode("utf-8", "replace") if e.args and isinstance(e.args[0], bytes) else str(e)
        raise re.error(f"{msg} (patterns of a rules file run on RE2: no look-around, no back-references)") from None


@dataclass
class Rule:
    category: str
    patterns: list[str]
    max_len: int | None = None
    unless_prose: bool = False
    label_only: bool = False
    list_heading: bool = False
    list_items: bool = False
    keywords: tuple[str, ...] = ()
    linear: bool = False  # the user's rule: run on RE2

    def __post_init__(self) -> None:
        # its patterns as one alternation; a user's compiled now (a bad one is refused
        # when its file is loaded), a built-in one's `parts` when first searched with
        # (start-up: a short input reaches few rules)
        self.joined = "|".join(f"(?:{p})" for p in self.patterns)
        self._pattern = _re2_compile(self.joined) if self.linear else None
        self._parts: tuple | None = (self._pattern,) if self.linear else None

    @property
    def pattern(self):
        if self._pattern is None:
            self._pattern = re.compile(self.joined)
        return self._pattern

    @property
    def parts(self) -> tuple:
        """What `matches` searches with: a line matches the rule if one of them is found.

        RE2 runs the joined alternation in one linear pass. Python's `re` tries every
        alternative at every position of the line when one of them is anchored (^): no
        scan for a first character can skip ahead then. So a built-in rule's anchored
        patterns are joined (tried at the line's start only) and each other pattern is
        searched alone, with its own quick scan; a rule with a back-reference stays
        joined (its group's number is counted across the patterns before it)."""
        if self._parts is None:
            anchored = [p for p in self.patterns if p.startswith("^")]
            rest = [p for p in self.patterns if not p.startswith("^")]
            if any(BACKREF.search(p) for p in self.patterns) or len(rest) + bool(anchored) < 2:
                self._parts = (self.pattern,)
            else:
                joined = ["|".join(f"(?:{p})" for p in anchored)] if anchored else []
                self._parts = tuple(re.compile(p) for p in joined + rest)
        return self._parts

    def matches(self, s: str) -> bool:
        if self.max_len is not None and len(s) > self.max_len:
            return False
        for part in self._parts or self.parts:
            if part.search(s):
                return not (self.unless_prose and is_prose(s))
        return False


# the fields a rule may have, and their types
STRINGS, INT, BOOL, STRING = "a list of strings", "a positive integer", "true or false", "a string"
RULE_FIELDS = {
    "category": STRING,
    "patterns": STRINGS,
    "max_len": INT,
    "unless_prose": BOOL,
    "label_only": BOOL,
    "list_heading": BOOL,
    "list_items": BOOL,
    "keywords": STRINGS,
}
REGEX_FEATURES = ("menu_separators", "spam_separators")
FEATURES = {
    "menu_separators": STRING,
    "spam_separators": STRING,
    "menu_min_items": INT,
    "menu_max_item": INT,
    "run_min": INT,
    "run_max_len": INT,
    "run_window": INT,
    "spam_min_items": INT,
    "spam_max_item": INT,
    "nav_words": STRINGS,
    "stray_marks": STRING,
    "stray_max": INT,
}
TOP = {"rule": "a list of tables ([[rule]])", "features": "a table ([features])", "disable": STRINGS}


def _typed(value, kind: str) -> bool:
    if kind == STRINGS:
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if kind == BOOL:
        return isinstance(value, bool)
    return isinstance(value, str)


def _check(table: dict, fields: dict, where: str) -> None:
    for key, value in table.items():
        kind = fields.get(key)
        if kind is None:
            raise RulesError(f"{where}: unknown field {key!r} (known: {', '.join(fields)})")
        if not _typed(value, kind):
            raise RulesError(f"{where}: field {key!r} must be {kind}, not {value!r}")


@dataclass
class Rules:
    rules: list[Rule] = field(default_factory=list)
    features: dict = field(default_factory=dict)
    linear_features: set = field(default_factory=set)  # regex features set by a user: RE2
    #: what the stages derive from these rules, built once per process (rules are loaded
    #: once, `load_rules`) rather than once per input: clean's rule sets by line length
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def add(self, data: dict, name: str, linear: bool) -> None:
        for key, value in data.items():
            if key not in TOP:
                raise RulesError(f"{name}: unknown top-level field {key!r} (known: {', '.join(TOP)})")
        raw_rules = data.get("rule", [])
        if not (isinstance(raw_rules, list) and all(isinstance(r, dict) for r in raw_rules)):
            raise RulesError(f"{name}: field 'rule' must be {TOP['rule']}, not {raw_rules!r}")
        features = data.get("features", {})
        if not isinstance(features, dict):
            raise RulesError(f"{name}: field 'features' must be {TOP['features']}, not {features!r}")
        disabled = data.get("disable", [])
        if not _typed(disabled, STRINGS):
            raise RulesError(f"{name}: field 'disable' must be {STRINGS}, not {disabled!r}")
        for i, raw in enumerate(raw_rules, 1):
            where = f"{name}: rule {i}"
            _check(raw, RULE_FIELDS, where)
            for key in ("category", "patterns"):
                if key not in raw:
                    raise RulesError(f"{where} has no {key!r}")
            if not raw["patterns"]:
                raise RulesError(f"{where}: field 'patterns' is empty")
            try:
                self.rules.append(
                    Rule(
                        category=raw["category"],
                        patterns=raw["patterns"],
                        max_len=raw.get("max_len"),
                        unless_prose=raw.get("unless_prose", False),
                        label_only=raw.get("label_only", False),
                        list_heading=raw.get("list_heading", False) or raw.get("list_items", False),
                        list_items=raw.get("list_items", False),
                        keywords=tuple(raw.get("keywords", ())),
                        linear=linear,
                    )
                )
            except re.error as e:
                raise RulesError(f"{where}: field 'patterns': bad pattern: {e}") from None
        _check(features, FEATURES, f"{name}: [features]")
        for key in REGEX_FEATURES:
            if key in features:
                try:
                    _re2_compile(features[key]) if linear else re.compile(features[key])
                except re.error as e:
                    raise RulesError(f"{name}: [features]: field {key!r}: bad pattern: {e}") from None
                (self.linear_features.add if linear else self.linear_features.discard)(key)
        self.features.update(features)
        if disabled:
            self.rules = [r for r in self.rules if r.category not in set(disabled)]
        self.derived.clear()  # made from the rules as they were

    def compile_feature(self, key: str, default: str):
        pattern = self.features.get(key, default)
        return _re2_compile(pattern) if key in self.linear_features else re.compile(pattern)


def _parse(text: str, name: str) -> dict:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise RulesError(f"{name}: {e}") from None


def _builtin() -> dict:
    """data/boilerplate.toml's table: from its JSON form (scripts/build_boilerplate.py)
    while that was built from these very bytes, else parsed."""
    data = resources.files("zhnorm.data")
    raw = data.joinpath("boilerplate.toml").read_bytes()
    try:
        import json

        built = json.loads(data.joinpath("boilerplate.json").read_text(encoding="utf-8"))
        if built.get("crc32") == zlib.crc32(raw):
            return built["rules"]
    except (OSError, ValueError, AttributeError):
        pass
    return _parse(raw.decode("utf-8"), "boilerplate.toml")


@lru_cache(maxsize=16)
def load_rules(paths: tuple[str, ...] = ()) -> Rules:
    """The built-in rules, then each user file in order (loaded once per process)."""
    rules = Rules()
    rules.add(_builtin(), "boilerplate.toml", linear=False)
    for path in paths:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            raise RulesError(f"{path}: {e.strerror or e}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise RulesError(f"{path}: not UTF-8 (byte {e.start}); a rules file is UTF-8 TOML") from None
        rules.add(_parse(text.removeprefix("\ufeff"), path), path, linear=True)
    return rules
