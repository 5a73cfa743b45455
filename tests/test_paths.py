"""Every default folder and file name is spelled once, in reporter/paths.py."""

from __future__ import annotations

import ast
from pathlib import Path

from reporter import paths

# The default folder and file names that paths.py defines (`*_FOLDER`, `*_FILE`).
NAMES = {
    value
    for name, value in vars(paths).items()
    if name.endswith(("_FOLDER", "_FILE")) and isinstance(value, str)
}
ROOTS = {"PROJECT_ROOT", "PACKAGE_DIR", "DEFAULT_DATA_DIR", "DEFAULT_CONTENT_DIR", "BUILD_DIR"}
# Joins whose name is not a default folder: the packaged templates' and the theme's own layout.
LAYOUT = {"PACKAGED_TEMPLATES / 'site'", "dest / 'assets' / 'site'"}


def literal_paths(source: str) -> list[str]:
    """`folder / "name"` joins that spell a default path instead of naming it from paths.py."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
            continue
        if not (isinstance(node.right, ast.Constant) and isinstance(node.right.value, str)):
            continue
        text, left = node.right.value, ast.unparse(node.left)
        default = text.split("/")[0] in NAMES or text.startswith(("build/", "data/", "content/"))
        if (default or left.split(".")[-1] in ROOTS) and ast.unparse(node) not in LAYOUT:
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_but_paths_py_spells_a_default_folder_or_file_name():
    package = Path(paths.__file__).parent
    offenders = {
        path.relative_to(package.parent).as_posix(): found
        for path in sorted(package.rglob("*.py"))
        if path.name != "paths.py" and (found := literal_paths(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_the_scan_finds_a_spelled_default_path():
    source = 'A = PROJECT_ROOT / "build"\nB = work / "bulletins"\nC = data_dir / "x.yaml"\n'
    assert literal_paths(source) == ["line 1: PROJECT_ROOT / 'build'", "line 2: work / 'bulletins'"]


def test_the_content_file_names_are_defaults_the_scan_knows():
    # bulletin.yaml and themes.yaml are named from paths.py, so the scan above finds them spelled.
    assert {paths.BULLETIN_FILE, paths.THEMES_FILE} == {"bulletin.yaml", "themes.yaml"}
    source = 'A = content.root / "bulletin.yaml"\nB = root / "themes.yaml"\n'
    assert literal_paths(source) == [
        "line 1: content.root / 'bulletin.yaml'",
        "line 2: root / 'themes.yaml'",
    ]


def test_the_default_folders_lie_under_the_project():
    for folder in (paths.DEFAULT_DATA_DIR, paths.DEFAULT_CONTENT_DIR, paths.BUILD_DIR):
        assert folder.parent == paths.PROJECT_ROOT
    assert paths.REGISTRY_DIR == paths.DEFAULT_DATA_DIR / paths.REGISTRY_FOLDER
