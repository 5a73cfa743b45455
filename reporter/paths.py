"""Every default folder and file name, in one place (only pathlib is imported here).

Folders given on the command line (`--data-dir`, `--content-dir`, `--out`, `--work-dir`) take
the place of these defaults; nothing else in the package spells a default path.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent

# -- inputs: configuration and feeds (`--data-dir`) ----------------------------------------------
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"
REGISTRY_DIR = DEFAULT_DATA_DIR / "registry"  # cities.csv, regions.yaml, overrides.yaml
RULES_DIR = DEFAULT_DATA_DIR / "rules"  # one YAML rule set per standard in force
DEMO_DIR = DEFAULT_DATA_DIR / "demo"  # the synthetic demo feeds
BANDS_FILE = "bands.yaml"  # under the data folder, else the project's
PLAUSIBILITY_FILE = "plausibility.yaml"
STORE_FOLDER = "store"  # <data-dir>/store: the Parquet store
INBOX_FOLDER = "inbox"  # <data-dir>/inbox: new feed files for a release

# -- inputs: staff content and the packaged templates --------------------------------------------
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
SITE_SOURCES = PROJECT_ROOT / "site"  # mkdocs.yml, theme overrides, CSS/JS

# -- outputs (`--work-dir`, `--out`) --------------------------------------------------------------
BUILD_DIR = PROJECT_ROOT / "build"
BULLETINS_FOLDER = "bulletins"  # build/bulletins: the monthly PDFs
ANNUAL_FOLDER = "annual"  # build/annual: the annual report PDFs
SITE_FOLDER = "site"  # build/site: the built website
PUBLISH_LINK = BUILD_DIR / "publish"  # the released version, switched atomically
CACHE_FOLDER = "cache"  # build/cache: the 13-month trend, shared by PDF and site
