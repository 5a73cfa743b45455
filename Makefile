# Two commands do everything, set-up included, on a fresh Debian machine:
#   make demo   builds the demo store, bulletins, PDFs and site
#   make test   lint + the whole test suite
# Set-up is incremental: stamps under .make/ skip what is already installed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
APT_PACKAGES := fonts-noto-cjk poppler-utils chromium nodejs

.PHONY: demo test lint setup system bench clean

demo: setup
	$(BIN)/reporter demo load --silent
	$(BIN)/reporter stats monthly 2024-01
	$(BIN)/reporter annual 2025 --lang zh,en,bilingual --silent
	$(BIN)/reporter annual 2025 --through 2025-09 --silent
	$(BIN)/reporter site build  # builds the bulletin PDFs it links to first
	@echo "Demo built: PDFs in build/bulletins/ and build/annual/, site in build/site/ (preview: $(BIN)/reporter site serve)"

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: setup $(STAMP)/bench-js
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_lighthouse.py  # needs the built site (make demo)

setup: $(STAMP)/python $(STAMP)/system $(STAMP)/js

# axe-core for the accessibility browser test, pinned by tests/js/package-lock.json (npm registry).
$(STAMP)/js: tests/js/package.json tests/js/package-lock.json $(STAMP)/system
	@mkdir -p $(STAMP)
	cd tests/js && npm ci --no-audit --no-fund --silent
	@touch $@

# Lighthouse for the site benchmark, pinned by benchmarks/js/package-lock.json; make bench only.
$(STAMP)/bench-js: benchmarks/js/package.json benchmarks/js/package-lock.json $(STAMP)/system
	@mkdir -p $(STAMP)
	npm ci --prefix benchmarks/js --no-audit --no-fund --silent
	@touch $@

# System packages: the CJK font for PDFs and charts, pdftoppm/pdftotext, Chromium for browser tests.
$(STAMP)/system:
	@mkdir -p $(STAMP)
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi
	@if ! command -v npm >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends npm; \
	fi  # Debian's nodejs comes without npm; other builds of nodejs (NodeSource) carry their own
	@touch $@

$(STAMP)/python: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

clean:
	rm -rf $(STAMP) build data/store site/build
