"""Configuration files: `[tool.zhnorm]` in pyproject.toml, or a zhnorm.toml.

Found as ruff finds its own: from the current folder upwards, the first folder that
holds a `zhnorm.toml` (its top level) or a `pyproject.toml` with a `[tool.zhnorm]`
table (a pyproject.toml without one is passed over); `--config FILE` names one, and
`--no-config` reads none. Each key is a long option of the command, spelt with dashes
or underscores (`to = "tw"`, `skip = ["clean"]`, `on-error = "keep"`, `exclude =
["raw/"]`); an option given on the command line wins. Paths (`rules`, `dropped`) are
taken from the folder of the file that names them.
"""

from __future__ import annotations

import os

NAMES = ("zhnorm.toml", "pyproject.toml")
#: options a file cannot set
NOT_CONFIGURABLE = {"help", "version", "config", "no-config", "install-completion", "show-completion"}
#: options whose values are paths, resolved from the configuration file's folder
PATHS = {"rules", "dropped"}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message starts with its name."""


def find(start: str | None = None) -> tuple[str, dict] | None:
    """The configuration that applies in `start` (default: the current folder): its path
    and its table, or None."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        for name in NAMES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                table = read(path)
                if table is not None:
                    return path, table
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def read(path: str) -> dict | None:
    """The zhnorm table of a file: all of a zhnorm.toml, [tool.zhnorm] of any other
    (None when it has none)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise ConfigError(f"{path}: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML ({e})") from None
    if os.path.basename(path) == "zhnorm.toml":
        return data
    table = data.get("tool", {}).get("zhnorm") if isinstance(data.get("tool"), dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.zhnorm] is not a table")
    return table


def default_map(command, path: str, table: dict) -> dict:
    """The table as defaults of the click `command`'s parameters (its `default_map`):
    keys checked against the long options, lists for repeatable options, paths made
    relative to the file's folder absolute."""
    by_option = {}
    for param in command.params:
        for opt in getattr(param, "opts", ()):
            if opt.startswith("--"):
                by_option[opt[2:]] = param
    where = "[tool.zhnorm]" if os.path.basename(path) != "zhnorm.toml" else ""
    shown = f"{path}: {where + ': ' if where else ''}"
    out = {}
    base = os.path.dirname(os.path.abspath(path))
    for key, value in table.items():
        option = key.replace("_", "-")
        param = by_option.get(option)
        if param is None or option in NOT_CONFIGURABLE or getattr(param, "param_type_name", "") == "argument":
            known = ", ".join(sorted(k for k in by_option if k not in NOT_CONFIGURABLE))
            raise ConfigError(f"{shown}unknown option {key!r} (options: {known})")
        multiple = getattr(param, "multiple", False)
        values = value if isinstance(value, list) else [value]
        if not multiple and isinstance(value, list):
            raise ConfigError(f"{shown}{key} takes one value, not a list")
        for v in values:
            if not isinstance(v, (str, int, float, bool)):
                raise ConfigError(f"{shown}{key}: {v!r} is not a string, number or boolean")
        if getattr(param, "is_flag", False) and not isinstance(value, bool):
            raise ConfigError(f"{shown}{key} is true or false, not {value!r}")
        if option in PATHS:
            values = [os.path.join(base, v) if isinstance(v, str) else v for v in values]
        out[param.name] = values if multiple else values[0]
    return out
