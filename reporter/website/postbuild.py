"""What the site needs after mkdocs has built it: one search index per language, and
precompressed copies of every text file for hosts that serve them.

Search: mkdocs-static-i18n merges both languages into one index with one configuration
(``lang: [zh, en]``, the Chinese separator and pipeline), under which English words are
stemmed in the index but not in the query ("ozone" finds nothing, see ENGLISH) and Chinese
pages outrank English ones. The merged
index is split here: ``search/search_index.json`` keeps the Chinese pages and their set-up,
``search/search_index.en.json`` holds the English pages with English stemming; the site's
script ``search-index.js`` makes an English page ask for its own file.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

INDEX = "search/search_index.json"
# The stemming clash: the theme's `pipeline` option names the lunr functions it keeps, and its
# query adds a trailing wildcard, which lunr does not stem. With the stemmer kept the index
# holds "ozon" while the query "ozone*" is looked up unstemmed: nothing. English pages keep
# the trimmer and the stop words, not the stemmer; the wildcard does the stemmer's work for
# endings ("concentration" finds "concentrations"). The separator adds the zero-width space
# the search plugin puts around words jieba cut out of Chinese text.
ENGLISH = {"lang": ["en"], "separator": r"[\s\u200b\-]+", "pipeline": ["trimmer", "stopWordFilter"]}
TEXT_SUFFIXES = (".html", ".css", ".js", ".json", ".csv", ".txt", ".xml", ".svg")


def index_name(lang: str) -> str:
    """The search index file of one language, from the site's root."""
    return INDEX if lang == "zh" else INDEX.replace(".json", f".{lang}.json")


def split_search_index(site_dir: Path) -> dict[str, int]:
    """One index per language; returns the number of entries of each."""
    path = site_dir / INDEX
    if not path.is_file():
        return {}
    merged = json.loads(path.read_text(encoding="utf-8"))
    docs: dict[str, list[dict[str, Any]]] = {"zh": [], "en": []}
    for entry in merged["docs"]:
        lang = "en" if entry["location"].startswith("en/") else "zh"
        docs[lang].append(entry)
    configs = {"zh": merged["config"], "en": {**merged["config"], **ENGLISH}}
    for lang, entries in docs.items():
        data = {"config": configs[lang], "docs": entries}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        (site_dir / index_name(lang)).write_text(text, encoding="utf-8")
    return {lang: len(entries) for lang, entries in docs.items()}


def precompress(site_dir: Path) -> int:
    """A `.gz` (and `.br`) beside every text file, byte-identical from one build to the next."""
    import brotli

    count = 0
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        raw = path.read_bytes()
        # mtime=0 and no file name: the same input gives the same bytes (reproducible builds).
        gz = gzip.compress(raw, compresslevel=9, mtime=0)
        path.with_name(path.name + ".gz").write_bytes(gz)
        # The theme's scripts and styles (every page fetches them) get the smallest file; the
        # many pages and data files a fast setting (quality 11 everywhere costs ~25 s a build).
        best = path.relative_to(site_dir).parts[0] == "assets" and len(raw) < 600_000
        packed = brotli.compress(raw, quality=11 if best else 5)
        path.with_name(path.name + ".br").write_bytes(packed)
        count += 1
    return count


def sitemaps(site_dir: Path) -> bool:
    """A sitemap only with absolute addresses (site_url set; site/overrides/sitemap.xml), at the
    root and under en/ (the theme reads each language's); none otherwise. True if written."""
    path = site_dir / "sitemap.xml"
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if "<url>" not in text:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
        return False
    (site_dir / "en").mkdir(exist_ok=True)
    (site_dir / "en" / "sitemap.xml").write_text(text, encoding="utf-8")
    return True


def finish(site_dir: Path) -> None:
    """Every step after mkdocs, in order: the search indexes first (they are compressed too)."""
    split_search_index(site_dir)
    sitemaps(site_dir)
    precompress(site_dir)
