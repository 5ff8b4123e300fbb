# Two entry points: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint format install install-dev browser converters clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/policy-pipeline run corpora --out outputs --registry corpora/registry.csv
	$(BIN)/policy-pipeline tasks outputs --format docx --out outputs/tasks.docx
	$(BIN)/policy-pipeline tasks outputs --format ics --out outputs/tasks.ics > /dev/null
	$(BIN)/policy-pipeline compare outputs --out outputs/compare
	$(BIN)/policy-pipeline report outputs --out outputs/report

lint: install-dev
	$(BIN)/ruff check pipeline tests benchmarks
	$(BIN)/ruff format --check pipeline tests benchmarks

format: install-dev
	$(BIN)/ruff format pipeline tests benchmarks
	$(BIN)/ruff check --fix pipeline tests benchmarks

# The report's browser tests drive Debian's chromium (Playwright with executable_path; never
# `playwright install`) and need fonts-noto-cjk for Chinese. Installed here when missing and possible
# (root with apt-get, as on CI); elsewhere those tests skip and say why.
browser:
	@if command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium and fonts-noto-cjk for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium fonts-noto-cjk >/dev/null) || echo "apt-get failed: the browser tests will skip"; \
	else echo "no chromium and no root apt-get: the browser tests will skip"; fi

# The .doc/.wps tests read through antiword and catdoc (small Debian packages; LibreOffice is used when
# present but never installed here: too heavy). Installed when missing and possible (root with apt-get,
# as on CI); elsewhere those tests skip and say why. OCR comes from the [ocr] extra inside [dev].
converters:
	@if command -v antiword >/dev/null 2>&1 && command -v catdoc >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing antiword and catdoc for the .doc/.wps tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			antiword catdoc >/dev/null) || echo "apt-get failed: the .doc/.wps tests will skip"; \
	else echo "no antiword/catdoc and no root apt-get: the .doc/.wps tests will skip"; fi

test: lint browser converters
	$(BIN)/python -m pytest -q

# Every generated output (outputs/README.md is tracked and stays), caches and the venv.
clean:
	find outputs -mindepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
