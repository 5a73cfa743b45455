"""Before the site: build the bulletin PDFs it links to, reusing those whose inputs are unchanged.

Each month's PDFs get a stamp beside them (`bulletin-YYYY-MM.inputs`) holding a digest of what
they were built from (the recipes of reporter.digests): the store, the engine with its rules and
registry, the content, the bulletin's templates and code. A month whose PDFs exist with the
same digest is not rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..bulletin.build import BulletinBuild, output_name
from ..content.model import load_content
from ..digests import CONTENT, ENGINE, STORE, TEMPLATES, digest
from ..errors import NoDataError, ReporterError
from ..store import Store
from .inputs import bulletin_months

LANGS = ("zh", "en")


def _inputs_digest(store: Store, content_dir: Path) -> str:
    """What a bulletin's PDFs are made from: the store, the engine, the content, the templates."""
    return digest(
        "bulletin-pdf", STORE(store), ENGINE(store.data_dir), CONTENT(content_dir),
        TEMPLATES("bulletin"),
    )  # fmt: skip


def ensure_bulletins(
    store: Store,
    content_dir: Path,
    bulletins_dir: Path,
    work_dir: Path,
    required: str | None = None,
    progress: Callable[[list, str], Iterable] | None = None,
) -> list[str]:
    """Build the PDFs of every issue month that lacks them or whose inputs changed; returns
    the months built. A month without data is left for the site to report as missing (unless
    it is the `required` one); any other error, such as a content mistake, stops here."""
    wanted = _inputs_digest(store, content_dir)
    built = []
    months = bulletin_months(content_dir)
    if required is not None and required not in months:
        raise ReporterError(f"{content_dir}: no issue file for {required} (issues/{required}.yaml)")
    issues = load_content(content_dir).issues  # a content mistake stops here, in one line
    for month in months:
        if month not in issues and month != required:
            continue  # an empty issue file: the site says so on the page
        stamp = bulletins_dir / f"bulletin-{month}.inputs"
        pdfs = [bulletins_dir / output_name(month, lang) for lang in LANGS]
        current = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else None
        if current == wanted and all(p.exists() for p in pdfs):
            continue
        try:
            BulletinBuild(
                store=store, period=month, langs=LANGS, out_dir=bulletins_dir,
                content_dir=content_dir, build_dir=work_dir,
            ).run(progress)  # fmt: skip
        except NoDataError:
            if month == required:
                raise
            continue  # the site says on the page that the month has no data
        stamp.write_text(wanted + "\n", encoding="utf-8")
        built.append(month)
    return built
