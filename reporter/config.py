"""Configuration files (from `--data-dir` if it has them, else the project's) and YAML loading."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .bounded import BoundedLoader, Unreadable, read_text
from .errors import ConfigError
from .paths import DEFAULT_DATA_DIR, PROJECT_ROOT

__all__ = ["DEFAULT_DATA_DIR", "PROJECT_ROOT", "config_file", "load_yaml"]


def config_file(data_dir: Path | None, relative: str) -> Path:
    """A configuration file from `data_dir` if it has one, else the project's default."""
    if data_dir is not None:
        candidate = Path(data_dir) / relative
        if candidate.exists():
            return candidate
    return DEFAULT_DATA_DIR / relative


def load_yaml(path: Path) -> Any:
    """Parse a YAML file, turning syntax errors into one line naming the file and line."""
    try:
        text = read_text(path)  # regular files only, size-bounded (bounded.py)
    except Unreadable as exc:
        raise ConfigError(path, [str(exc)]) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(path, ["not UTF-8 text"]) from exc
    try:
        return yaml.load(text, Loader=BoundedLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "YAML"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(path, [f"{where}: {problem}"]) from exc
