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
    if path.exists() and not path.is_file():
        raise ConfigError(f"cannot read {path}: not a regular file")  # a FIFO would hang the run, a folder fail
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


TABLES = frozenset({"hosts"})
"""Top-level tables that are no option: ``[hosts."NAME"]`` holds settings by host (auditor.resolve.hosts)."""

PER_COMMAND = frozenset({"output", "format"})
"""Options a file may set only in a command's table, and no environment variable sets: one ``output`` for every
command would have ``auditor diff`` write over the run's report."""


def _options(command: click.Command) -> dict[str, click.Parameter]:
    """Key -> parameter: each long option name without its dashes, with - or _ between words; of the arguments,
    only scan's ``paths`` (what to audit by default)."""
    names: dict[str, click.Parameter] = {}
    for param in command.params:
        if param.name in (None, "help"):
            continue
        if not isinstance(param, click.Option) and param.name != "paths":
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
        if key in TABLES:
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: {key!r} is a table ([{key}.\"example.com\"]), not {value!r}")
            continue
        if key in commands and isinstance(value, dict):
            for sub, sub_value in value.items():
                param = known[key].get(sub)
                if sub in TABLES:
                    raise ConfigError(f"{source}: [{sub}] belongs at the top level, not in [{key}]")
                if param is None:
                    raise ConfigError(f"{source}: unknown key {sub!r} in [{key}] (valid: {_valid(known[key])})")
                result[key][param.name or sub] = _value(param, sub_value, f"{source}: [{key}] {sub}")
            continue
        holders = [name for name, options in known.items() if key in options]
        if key.replace("_", "-") in PER_COMMAND and holders:
            raise ConfigError(f"{source}: {key!r} belongs in a command's table ([scan], [report]...), not at the top "
                              "level, where it would apply to every command")
        if not holders:
            valid = sorted({k for options in known.values() for k in options if "_" not in k} | set(commands))
            raise ConfigError(f"{source}: unknown key {key!r} (valid: {', '.join(valid)})")
        for name in holders:
            param = known[name][key]
            result[name].setdefault(param.name or key, _value(param, value, f"{source}: {key}"))
    return {name: values for name, values in result.items() if values}


def _valid(options: dict[str, click.Parameter]) -> str:
    return ", ".join(sorted(k for k in options if "_" not in k))


def _value(param: click.Parameter, value: Any, where: str) -> Any:
    """TOML to what the option takes, or a ConfigError naming the key: a flag takes true or false, a list is for
    an option given many times (and for ``fail-on``, whose names it joins), a name or a path is a string."""
    if isinstance(param, click.Option) and param.is_flag:
        if not isinstance(value, bool):
            raise ConfigError(f"{where} takes true or false, not {value!r}")
        return value
    if isinstance(value, list):
        if param.multiple or param.nargs != 1:
            if not all(isinstance(v, str | int | float) for v in value):
                raise ConfigError(f"{where} takes a list of values, not {value!r}")
            return _checked(param, value, where)
        if param.name in LISTED:
            return _checked(param, ",".join(str(v) for v in value), where)
        raise ConfigError(f"{where} takes one value, not a list")
    if param.multiple or param.nargs != 1:
        raise ConfigError(f"{where} takes a list ([...]), not {value!r}")
    if isinstance(param.type, click.types.IntParamType | click.types.FloatParamType):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{where} takes a number, not {value!r}")
        return _checked(param, value, where)
    if not isinstance(value, str):
        raise ConfigError(f"{where} takes a string, not {value!r}")
    return _checked(param, value, where)


LISTED = frozenset({"policy", "accept"})
"""Options written NAME,NAME on the command line, which a file may also give as a list."""


def _checked(param: click.Parameter, value: Any, where: str) -> Any:
    """``value`` as the file gives it, once the option's type has taken it: a bad one is named by the file and
    the key here, not by the option when the command runs."""
    for item in value if isinstance(value, list) else [value]:
        try:
            param.type.convert(item, param, None)
        except click.BadParameter as exc:
            raise ConfigError(f"{where}: {exc.format_message()}") from None
    return value


def add_environment(group: click.Group, prefix: str = "AUDITOR_") -> None:
    """Give every option of every command an environment variable, ``AUDITOR_<LONG_NAME>``, unless it has one."""
    for command in group.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and param.envvar is None and param.name != "help":
                longs = [o[2:] for o in param.opts if o.startswith("--")]
                if longs and longs[0] not in PER_COMMAND:
                    param.envvar = prefix + longs[0].upper().replace("-", "_")
                    param.show_envvar = False


def config_source(explicit: str | None) -> Path | None:
    """The configuration file to read: the one named, else the nearest one found."""
    if explicit:
        return Path(explicit)
    if os.environ.get("AUDITOR_NO_CONFIG"):
        return None
    return find_config(Path.cwd())
