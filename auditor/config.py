"""Settings from a file and the environment, under the command line.

The file is ``--config FILE``, else the first ``auditor.toml``, or
``pyproject.toml`` with a ``[tool.auditor]`` table, found from the working
directory upward. Its keys are the options' long names (``fail-on``,
``cache``, ``workers``, ``exclude``...); top-level keys apply to every command
that has the option, a table named after a command (``[scan]``) to that
command only. Each option is also read from ``AUDITOR_<NAME>``
(``AUDITOR_FAIL_ON=warning``). The command line wins over the environment,
which wins over the file, which wins over the defaults.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import click

FILE_NAMES = ("auditor.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration file that cannot be read, or names an option no command has."""


def find_config(start: Path) -> Path | None:
    """The nearest ``auditor.toml``, or ``pyproject.toml`` with a ``[tool.auditor]`` table, from ``start`` up."""
    for folder in (start, *start.parents):
        candidate = folder / "auditor.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "auditor" in tomllib.loads(candidate.read_text(encoding="utf-8")).get("tool", {}):
                    return candidate
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue  # somebody else's broken pyproject is not ours to judge
    return None


def load_config(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("auditor", {})
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.auditor] is not a table")
        return table
    return data


def _options(command: click.Command) -> dict[str, click.Parameter]:
    """Key -> parameter: each long option name without its dashes, with - or _ between words; arguments by name."""
    names: dict[str, click.Parameter] = {}
    for param in command.params:
        if param.name in (None, "help"):
            continue
        spelled = [o[2:] for o in param.opts if o.startswith("--")] if isinstance(param, click.Option) else [param.name]
        for name in spelled:
            if name:
                names[name] = param
                names[name.replace("-", "_")] = param
    return names


def default_map(group: click.Group, config: dict[str, Any], source: str) -> dict[str, dict[str, Any]]:
    """click's ``default_map`` for ``group``'s commands from a configuration's keys."""
    commands = group.commands
    known = {name: _options(cmd) for name, cmd in commands.items()}
    result: dict[str, dict[str, Any]] = {name: {} for name in commands}
    for key, value in config.items():
        if key in commands:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: [{key}] must be a table of {key}'s options")
            for sub, sub_value in value.items():
                param = known[key].get(sub)
                if param is None:
                    raise ConfigError(f"{source}: unknown key {sub!r} in [{key}] (valid: {_valid(known[key])})")
                result[key][param.name or sub] = _value(param, sub_value)
            continue
        holders = [name for name, options in known.items() if key in options]
        if not holders:
            valid = sorted({k for options in known.values() for k in options if "_" not in k} | set(commands))
            raise ConfigError(f"{source}: unknown key {key!r} (valid: {', '.join(valid)})")
        for name in holders:
            param = known[name][key]
            result[name].setdefault(param.name or key, _value(param, value))
    return {name: values for name, values in result.items() if values}


def _valid(options: dict[str, click.Parameter]) -> str:
    return ", ".join(sorted(k for k in options if "_" not in k))


def _value(param: click.Parameter, value: Any) -> Any:
    """TOML to what the option takes: a list for a single-valued option (``fail-on``) is its comma-separated names."""
    if isinstance(value, list) and not param.multiple and param.nargs == 1:
        return ",".join(str(v) for v in value)
    return value


def add_environment(group: click.Group, prefix: str = "AUDITOR_") -> None:
    """Give every option of every command an environment variable, ``AUDITOR_<LONG_NAME>``, unless it has one."""
    for command in group.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and param.envvar is None and param.name != "help":
                longs = [o[2:] for o in param.opts if o.startswith("--")]
                if longs:
                    param.envvar = prefix + longs[0].upper().replace("-", "_")
                    param.show_envvar = False


def config_source(explicit: str | None) -> Path | None:
    """The configuration file to read: the one named, else the nearest one found."""
    if explicit:
        return Path(explicit)
    if os.environ.get("AUDITOR_NO_CONFIG"):
        return None
    return find_config(Path.cwd())
