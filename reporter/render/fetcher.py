"""What a PDF may load: data: URLs and files inside the folders it is given, nothing else.

WeasyPrint would otherwise fetch any address a document names: a tracking pixel over the
network, or any file of the machine by a file:// URL. Every other request stops the build
with one line naming the address (the content check has already refused such references,
so reaching this is a bug or a template naming an outside file).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..paths import TEMPLATES_DIR

PACKAGED = (TEMPLATES_DIR,)


def allowed_file(url: str, roots: Iterable[Path]) -> Path | None:
    """The local file a file:// URL names, if it resolves (after symlinks) inside a root."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(unquote(parts.path)).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    for root in roots:
        if path.is_relative_to(Path(root).resolve()) and path.is_file():
            return path
    return None


def local_fetcher(allowed: Iterable[Path]):  # -> weasyprint.urls.URLFetcher
    """A WeasyPrint URL fetcher for data: URLs and the files of `allowed` + packaged assets."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    roots = (*map(Path, allowed), *PACKAGED)

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            path = allowed_file(url, roots) if scheme == "file" else None
            if path is None:
                shown = url if len(url) <= 120 else url[:117] + "..."
                raise FatalURLFetchingError(
                    f"refused to load {shown}: only files of the content folder and the "
                    "packaged assets may appear in a PDF"
                )
            return super().fetch(path.as_uri(), headers)

    return LocalFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)
