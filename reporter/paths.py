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
# Each setting is read from the data folder if it has it, else the project's (reporter.settings).
REGISTRY_FOLDER = "registry"  # cities.csv, regions.yaml, key_cities_168.csv, overrides.yaml
CITIES_FILE = "cities.csv"
REGIONS_FILE = "regions.yaml"
KEY_CITIES_FILE = "key_cities_168.csv"  # the 168 key cities of the national ranking
RULES_FOLDER = "rules"  # one YAML rule set per standard in force
BANDS_FILE = "bands.yaml"
PLAUSIBILITY_FILE = "plausibility.yaml"
ANNUAL_REPORT_FILE = "annual_report.yaml"  # the annual report's published precision
FETCH_FILE = "fetch.yaml"  # where `reporter fetch` downloads from
REGISTRY_DIR = DEFAULT_DATA_DIR / REGISTRY_FOLDER
RULES_DIR = DEFAULT_DATA_DIR / RULES_FOLDER
DEMO_DIR = DEFAULT_DATA_DIR / "demo"  # the synthetic demo feeds
STORE_FOLDER = "store"  # <data-dir>/store: the Parquet store
INBOX_FOLDER = "inbox"  # <data-dir>/inbox: new feed files for a release
RELEASES_FOLDER = "releases"  # <data-dir>/releases: one manifest per released period

# -- inputs: staff content and the packaged templates --------------------------------------------
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"
ISSUES_FOLDER = "issues"  # <content-dir>/issues: one folder per monthly issue
BULLETIN_FILE = "bulletin.yaml"  # <content-dir>/bulletin.yaml: the bulletin's title and publisher
THEMES_FILE = "themes.yaml"  # <content-dir>/themes.yaml: the project sections, in order
ANNUAL_CONTENT_FOLDER = "annual"  # <content-dir>/annual/<year>: the report's chapters
DEFAULT_ANNUAL_CONTENT = DEFAULT_CONTENT_DIR / ANNUAL_CONTENT_FOLDER
TEMPLATES_DIR = PROJECT_ROOT / "templates"
SITE_SOURCES = PROJECT_ROOT / "site"  # mkdocs.yml, theme overrides, CSS/JS
PREVIEW_ASSETS = SITE_SOURCES / "preview"  # the live preview's page script and style

# -- outputs (`--work-dir`, `--out`) --------------------------------------------------------------
BUILD_DIR = PROJECT_ROOT / "build"
BULLETINS_FOLDER = "bulletins"  # build/bulletins: the monthly PDFs
ANNUAL_FOLDER = "annual"  # build/annual: the annual report PDFs
SITE_FOLDER = "site"  # build/site: the built website
DEFAULT_ANNUAL_OUT = BUILD_DIR / ANNUAL_FOLDER
DEFAULT_SITE_OUT = BUILD_DIR / SITE_FOLDER
PUBLISH_LINK = BUILD_DIR / "publish"  # the released version, switched atomically
CACHE_FOLDER = "cache"  # build/cache: the 13-month trend, shared by PDF and site
SITE_SRC_FOLDER = "site-src"  # build/site-src: the mkdocs sources the site is built from
SITE_CACHE_FOLDER = "site-cache"  # build/site-cache: the site's figures, series and pages
FONTS_FOLDER = "fonts"  # build/fonts: the CJK fonts the PDFs embed
