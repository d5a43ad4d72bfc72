# Two commands for a new user: `make demo` (the bundled example into maps/) and `make test`.
# Each creates the virtualenv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# Real boundaries beside the project, when there (else tracker uses its cache or downloads them).
TRACKER_GEODATA ?= $(wildcard $(abspath ../shared/geodata/afg))
export TRACKER_GEODATA

.PHONY: demo test bench browser clean

$(BIN)/tracker: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(BIN)/tracker
	$(BIN)/tracker demo --out-dir maps

# Debian's chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(BIN)/tracker browser
	$(BIN)/python -m pytest -q

bench: $(BIN)/tracker
	for b in bench/*_bench.py; do echo "== $$b"; $(BIN)/python $$b; done

clean:
	rm -rf $(VENV) maps/*.html maps/*.json test-artifacts
