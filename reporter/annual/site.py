"""The annual report as website pages, for the mkdocs site (mkdocs-static-i18n, suffix layout).

    annual/2025.md                     the Chinese page
    annual/2025.en.md                  the English page
    annual/2025-<chart>-<lang>-wide.svg    its charts, drawn for the screen: a wide picture and a
    annual/2025-<chart>-<lang>-narrow.svg  narrow one for phones (language in the name, not as a
                                           suffix the i18n plugin would read as a translation)
    annual/2025-<chart>-<lang>.vegalite.json  a chart's spec
    annual/2025-<chart>.csv            a chart's data, both languages' names (one file)
    annual/2025-synergy-ranking.csv    every ranked city, both rankings

The pages print the PDF's sentences, words and tables (the same templates); each chart is shown
as the bulletin's are (reporter.charts.annual_site, the site's `figure` macro): a text
alternative made from its data, its data as a table reachable by keyboard, its CSV and spec.
Links are relative, nothing is loaded from outside.
"""

from __future__ import annotations

import csv
import io
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..render.templating import LANGUAGE_TAGS, LANGUAGES
from .context import AnnualContext

FOLDER = "annual"
RANKING_COLUMNS = [
    "rank_emissions",
    "rank_emissions_shared",
    "class_emissions",
    "code",
    "name_zh",
    "name_en",
    "province_zh",
    "province_en",
    "regions",
    "co2_rate_pct",
    "lapeq_rate_pct",
    "sum_emissions_pct",
    "rank_air",
    "rank_air_shared",
    "class_air",
    "aqi_rate_pct",
    "sum_air_pct",
]


@dataclass(frozen=True)
class Download:
    href: str
    label: str
    download: bool = False


@dataclass(frozen=True)
class Cover:
    """An edition's cover thumbnail, linked to its PDF."""

    href: str  # the PDF
    src: str  # the picture
    width: int
    height: int
    alt: str


def source_name(year: int, lang: str) -> str:
    """`annual/2025.md` in Chinese, `annual/2025.en.md` in English (the i18n suffix layout)."""
    return f"{FOLDER}/{year}.md" if lang == LANGUAGES[0] else f"{FOLDER}/{year}.{lang}.md"


def page_url(year: int, lang: str) -> str:
    """The page's URL path from the site root, with mkdocs' directory URLs."""
    path = f"{FOLDER}/{year}/"
    return path if lang == LANGUAGES[0] else f"{lang}/{path}"


def href(target: str, year: int, lang: str) -> str:
    """A file of the docs folder (path from its root) as a link from the page."""
    return posixpath.relpath(target, page_url(year, lang))


def ranking_csv(ctx: AnnualContext) -> str:
    """Every ranked city with both rankings; published percents, empty where not ranked."""
    out = io.StringIO()
    out.write("\ufeff")  # a byte-order mark: Excel on Chinese Windows then reads UTF-8
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RANKING_COLUMNS)
    for c in ctx.synergy.cities:
        row = [
            c.rank, c.tied, c.cls, c.code, c.name.zh, c.name.en, c.province.zh, c.province.en,
            " ".join(c.regions), c.co2, c.lapeq, c.total,
            c.rank_air, c.tied_air, c.cls_air, c.aqi, c.total_air,
        ]  # fmt: skip
        writer.writerow(["" if v is None else str(v).lower() if isinstance(v, bool) else v
                         for v in row])  # fmt: skip
    return out.getvalue()


def _write(path: Path, text: str, written: list[Path]) -> None:
    from ..store import atomic_write_bytes

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, text.encode("utf-8"))
    written.append(path)


def write_annual_pages(
    report_context: AnnualContext,
    docs_dir: Path,
    *,
    pdfs: Mapping[str, str] | None = None,
    templates_dir: Path | None = None,
    build_dir: Path | None = None,
    content: Any = None,
    figures: str | None = None,
    cache: Any = None,
    covers: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Path]:
    """Write the annual pages (zh and en), their charts (pictures, specs, CSV) and the ranking
    CSV into `docs_dir`.

    `pdfs` maps an edition (zh, en, bilingual) to the PDF's path inside `docs_dir`, for the
    download links; the caller copies the files. `content` is the year's editorial content
    (reporter.annual.content), printed as the PDF prints it. `figures` is the path of the
    report's built figures (annual-YYYY.json) inside `docs_dir`, offered as a download.
    `cache` (reporter.website.inputs.Cache) keeps chart renders by spec digest. `covers` maps
    an edition to its cover thumbnail ({"src": path inside `docs_dir`, "width", "height"},
    reporter.website.archive.annual_cover), shown linked to its PDF.
    Returns the files written.
    """
    from ..charts.annual import load_style
    from ..charts.annual_site import annual_site_charts
    from ..charts.bulletin import register_fonts
    from ..render.fonts import ensure_fonts
    from ..website.templating import markdown_heading
    from ..website.templating import words as site_words
    from .report import DEFAULT_BUILD_DIR, Words, content_values
    from .text import environment, load_words, render_sentences

    ctx, year, docs = report_context, report_context.year, Path(docs_dir)
    register_fonts(ensure_fonts(build_dir or DEFAULT_BUILD_DIR).directory)
    env = environment(templates_dir)
    env.filters["md_heading"] = markdown_heading
    style = load_style(templates_dir)
    words = {lang: load_words(lang, templates_dir) for lang in LANGUAGES}
    w = Words(words)
    written: list[Path] = []
    csv_path = f"{FOLDER}/{year}-synergy-ranking.csv"
    if ctx.synergy.ok:
        _write(docs / csv_path, ranking_csv(ctx), written)
    folder = f"{FOLDER}/{year}-"  # a chart's files: annual/2025-<name>…
    for lang in LANGUAGES:
        sentences = render_sentences(env, ctx, lang, words[lang])
        # The screen medium (the reader's fonts, the site's widths), the report's colours.
        charts = annual_site_charts(ctx, content, lang, words[lang], style, sentences, cache)
        for chart in charts.values():
            for path, text in chart.files(folder, lang).items():
                if docs / path not in written:  # a chart's CSV: one file for both pages
                    _write(docs / path, text, written)
        downloads = [
            Download(href(path, year, lang), f"{w('site.pdf', lang)} · {w(f'editions.{e}', lang)}")
            for e, path in (pdfs or {}).items()
        ]
        shown = [
            Cover(href(path, year, lang), href(covers[e]["src"], year, lang), covers[e]["width"],
                  covers[e]["height"], w("site.cover", lang, edition=w(f"editions.{e}", lang)))
            for e, path in (pdfs or {}).items()
            if e in (covers or {})
        ]  # fmt: skip
        if figures:
            downloads.append(Download(href(figures, year, lang), w("site.figures", lang), True))
        page = env.get_template("annual/page.md.j2").render(
            lang=lang,
            langs=(lang,),
            t=words[lang],
            w=w,
            S={lang: sentences},
            ctx=ctx,
            charts=charts,
            folder=folder,
            url=lambda target, lang=lang: href(target, year, lang),
            site_t=site_words(lang),
            downloads=downloads,
            covers=shown,
            ranking_csv=href(csv_path, year, lang),
            lang_tags=LANGUAGE_TAGS,
            **content_values(content, words),
        )
        _write(docs / source_name(year, lang), page.strip() + "\n", written)
    return written
