"""The archive: every issue as a card (cover, month, headline PM2.5 and its change, links),
and the cover thumbnails the home and archive pages show, each beside its published PDF.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .inputs import LANGS, source_name
from .templating import SiteTemplates, data_folder


def plan_covers(site: Any, result: Any) -> None:
    """The cover thumbnails of the published PDFs, each beside its PDF (covers.py)."""
    for month in site.months:
        for lang in LANGS:
            cover = bulletin_cover(site, month, lang)
            if cover:
                result.files[cover["src"]] = site.covers[site.pdfs[month][lang]].data
    for year, pdfs in site.annual_pdfs.items():  # those published (with their figures)
        for edition in pdfs:  # zh, en and bilingual
            cover = annual_cover(site, year, edition)
            if cover:
                result.files[cover["src"]] = site.covers[pdfs[edition]].data


def issue_number(site: Any, month: str) -> int | None:
    issue = site.issues[month].issue
    return issue.number if issue else None


def pdf_key(site: Any, month: str, lang: str) -> tuple[bool, Any]:
    """What a page shows of a month's PDF: whether it is published, and its cover."""
    return lang in site.pdfs.get(month, {}), bulletin_cover(site, month, lang)


def bulletin_cover(site: Any, month: str, lang: str) -> dict[str, Any] | None:
    """The cover thumbnail of a month's PDF in `lang` (path from the site root), if it has one."""
    pdf = site.pdfs.get(month, {}).get(lang)
    cover = site.covers.get(pdf) if pdf else None
    if cover is None:
        return None
    return {"src": data_folder(month) + cover.name, "width": cover.width, "height": cover.height}


def annual_cover(site: Any, year: int, edition: str) -> dict[str, Any] | None:
    """The cover thumbnail of an annual report's edition (zh, en, bilingual), if it has one."""
    from ..annual.site import FOLDER

    pdf = site.annual_pdfs[year].get(edition)
    cover = site.covers.get(pdf) if pdf else None
    if cover is None:
        return None
    return {"src": f"data/{FOLDER}/{cover.name}", "width": cover.width, "height": cover.height}


def archive_page(site: Any, templates: SiteTemplates, lang: str) -> dict[str, str]:
    """Every issue as a card, newest first, grouped by year; the annual reports above."""
    from ..annual.site import FOLDER
    from .downloads import file_names
    from .facts import headline

    by_year: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for month in reversed(site.months):
        figures = site.figures[month].figures
        names, folder = file_names(month), data_folder(month)
        by_year[month[:4]].append(
            {
                "month": month,
                "number": issue_number(site, month),
                "headline": headline(figures) if figures is not None else None,
                "pdf": folder + names[f"pdf_{lang}"] if lang in site.pdfs.get(month, {}) else None,
                "csv": folder + names["cities"] if figures is not None else None,
                "cover": bulletin_cover(site, month, lang),
            }
        )
    annual = [
        {
            "year": year,
            "pdf": f"data/{FOLDER}/{pdfs[lang].name}",
            "cover": annual_cover(site, year, lang),
        }
        for year, pdfs in sorted(site.annual_pdfs.items(), reverse=True)
    ]
    text = templates.render(
        "pages/archive.md.j2",
        lang=lang,
        src="archive.md",
        years=list(by_year.items()),
        annual=annual,
        synthetic=site.synthetic,
    )
    return {source_name("archive.md", lang): text}
