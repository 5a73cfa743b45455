"""One way to key a cache: named input recipes, each the digest of what a result is made from.

    ENGINE(data_dir)      the engine's code and the settings of data_dir (reporter.settings)
    STORE(store)          the store: the source file behind each partition, and its labels
    STORE_YEAR(store, y)  the partitions a year's figures read
    TEMPLATES(product)    a product's templates and words, and the code that fills them
    CONTENT(root, files)  staff content: the files given, or every file under root
    THEME()               the website's sources (mkdocs.yml, overrides, CSS/JS)

Every cache (the figures and series of the site, its pages, the bulletin PDFs it reuses, the
13-month trend) keys its entries with these recipes and nothing else. "The code" of a recipe is
every module its entry points import, read from the source (lazy imports included), so a module
is covered the day something imports it, and the recipes cannot drift apart.

Only the standard library is imported: the command line's `--help` stays instant.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__, paths

# The modules whose imports make up the statistics engine: every figures object comes from them.
ENGINE_ENTRIES = ("reporter.stats.summary", "reporter.stats.annual")

# Per product: template folders (under templates/) and the modules that fill them.
PRODUCTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "bulletin": (
        ("bulletin", "narrative", "i18n", "common", "charts"),
        ("reporter.bulletin.build",),
    ),
    "annual": (
        ("annual", "annual_narrative", "i18n", "common", "charts"),
        ("reporter.annual.report", "reporter.annual.site"),
    ),
    "site": (("site", "common"), ("reporter.website.build",)),
}


# -- the primitives ------------------------------------------------------------------------------
def digest(*parts: Any) -> str:
    """SHA-256 over bytes, text or JSON-able values, each length-prefixed so parts never blur."""
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, bytes):
            data = part
        elif isinstance(part, str):
            data = part.encode("utf-8")
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes; "missing" when there is no such file."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"


def files_digest(files: Iterable[Path], root: Path | None = None) -> str:
    """Digest of named files; names are taken relative to `root` so moving a clone changes nothing."""
    entries = []
    for path in sorted(files):
        name = path.relative_to(root).as_posix() if root else path.name
        entries.append((name, file_digest(path)))
    return digest(entries)


def _tree(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file()) if folder.is_dir() else []


# -- the recipes ---------------------------------------------------------------------------------
def ENGINE(data_dir: Path | None = None) -> str:  # a recipe: named like a constant
    """What figures depend on besides the store: engine code, and the settings of `data_dir`
    (rules, registry, bands, plausibility limits, precision), read where Settings reads them."""
    from .settings import sources

    config = {
        name: files_digest(_tree(path), path) if path.is_dir() else file_digest(path)
        for name, path in sources(data_dir).items()
    }
    return digest("engine", __version__, config, files_digest(code_files(*ENGINE_ENTRIES)))


def STORE(store: Any) -> str:
    """The whole store: each partition's source file (name and SHA-256) and the store's labels."""
    return digest("store", store.sources, file_digest(store.root / "store.json"))


def STORE_YEAR(store: Any, year: int) -> str:
    """The partitions a year's values are computed from (history/ and bookkeeping ignored)."""
    root = store.root
    files = [root / "daily" / f"{year}.parquet", root / "monthly" / f"{year}.parquet"]
    files += root.glob(f"hourly/{year}/*.parquet")
    # Hour 0 of the next year's first file closes 31 December.
    files.append(root / "hourly" / str(year + 1) / f"{year + 1}0101.parquet")
    return digest("store-year", year, files_digest((f for f in files if f.exists()), root))


def TEMPLATES(product: str) -> str:
    """A product's templates and words (under templates/) and the code that fills them."""
    folders, entries = PRODUCTS[product]
    root = paths.TEMPLATES_DIR
    templates = [p for folder in folders for p in _tree(root / folder)]
    return digest(
        "templates", product, files_digest(templates, root), files_digest(code_files(*entries))
    )


def CONTENT(root: Path, files: Iterable[Path] | None = None) -> str:
    """Staff content: the files given (an issue's records, news, images), or all under `root`."""
    chosen = _tree(root) if files is None else [Path(f) for f in files]
    return digest("content", files_digest(chosen, root))


def THEME() -> str:
    """The website's sources: what mkdocs builds the pages into."""
    return digest("theme", files_digest(_tree(paths.SITE_SOURCES), paths.SITE_SOURCES))


# -- the code a recipe covers --------------------------------------------------------------------
def code_files(*entries: str) -> list[Path]:
    """The files of `entries` and of every package module they import, directly or not."""
    modules = module_files()
    graph = import_graph()
    seen: set[str] = set()
    todo = list(entries)
    while todo:
        name = todo.pop()
        if name in seen or name not in modules:
            continue
        seen.add(name)
        todo.extend(graph[name])
        # Importing a.b.c runs a/__init__.py and a/b/__init__.py first.
        todo.extend(".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1))
    return sorted(modules[name] for name in seen)


@lru_cache(maxsize=4)
def module_files(package_dir: Path | None = None) -> dict[str, Path]:
    """Dotted module name → source file, for every module of the package."""
    package = package_dir or paths.PACKAGE_DIR
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


@lru_cache(maxsize=4)
def import_graph(package_dir: Path | None = None) -> dict[str, frozenset[str]]:
    """Module → the package modules it imports (at load time or inside functions; imports
    under `if TYPE_CHECKING:` are left out, they never run)."""
    modules = module_files(package_dir)
    return {name: frozenset(_imports(name, path, modules)) for name, path in modules.items()}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = here[: len(here) - node.level + 1]
                base = ".".join([*prefix, *([node.module] if node.module else [])])
            # `from pkg import mod` imports the module; `from mod import name` the module only.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def _runtime_nodes(tree: ast.AST) -> Iterable[ast.AST]:
    """Every node, skipping the bodies of `if TYPE_CHECKING:` blocks."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
