"""What mkdocs needs besides the pages: the theme folder, local scripts, the search dictionary,
and the effective mkdocs.yml.

The theme folder (``build/site-src/theme/``) is ``site/overrides/`` plus ``site/assets/`` (as
``assets/site/``), so every script the site runs is served by the site itself; charts are
pictures drawn at build time (reporter.charts.site), so no chart script is among them. Scripts go in the theme folder, not in docs: the i18n plugin takes a
two-letter suffix such as ``.js`` for a language and would drop the file.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from .. import paths
from ..config import load_yaml
from ..errors import ConfigError
from ..registry import Registry
from ..store import atomic_write_bytes
from .inputs import Cache

SITE_SOURCES = paths.SITE_SOURCES
# Words the search must find on their own although jieba's dictionary joins them to the next
# word (臭氧浓度 is one word there): a frequency of 0 removes the compound.
SPLIT_COMPOUNDS = ("臭氧浓度", "臭氧污染", "月均浓度", "平均浓度")
COMMON_TERMS = ("臭氧", "细颗粒物", "浓度", "同比", "环比", "重点区域", "合成演示数据")


def assemble_theme(dest: Path, cache: Cache, sources: Path = SITE_SOURCES) -> None:
    """The theme folder: overrides and the site's CSS/JS."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(sources / "overrides", dest)
    shutil.copytree(sources / "assets", dest / "assets" / "site")


def search_dictionary(registry: Registry, path: Path) -> None:
    """A jieba user dictionary: place names and key terms stay whole words in the search index."""
    names: set[str] = set(COMMON_TERMS)
    for city in registry.cities:
        names.update({city.name_zh, city.province_zh, *city.aliases})
    for region in registry.regions:
        names.add(region.name_zh)
    lines = [f"{name} 100000" for name in sorted(n for n in names if n and " " not in n)]
    lines += [f"{word} 0" for word in SPLIT_COMPOUNDS]
    atomic_write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))


def write_config(src_dir: Path, site_dir: Path, sources: Path = SITE_SOURCES) -> Path:
    """The effective mkdocs.yml: site/mkdocs.yml with this build's folders filled in."""
    path = sources / "mkdocs.yml"
    config: Any = load_yaml(path)
    if not isinstance(config, dict) or "theme" not in config:
        raise ConfigError(path, ["expected a mapping with a 'theme'"])
    config["docs_dir"] = str(src_dir / "docs")
    config["site_dir"] = str(site_dir)
    config["theme"]["custom_dir"] = str(src_dir / "theme")
    config["hooks"] = [str(sources / hook) for hook in config.get("hooks", [])]
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "search" in plugin:
            plugin["search"] = {
                **(plugin["search"] or {}),
                "jieba_dict_user": str(src_dir / "search-words.txt"),
            }
    out = src_dir / "mkdocs.yml"
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    atomic_write_bytes(out, text.encode("utf-8"))
    return out
