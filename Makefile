# Two commands for a new user: `make demo` (the bundled example into maps/) and `make test`.
# Each creates the virtualenv and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
# Real boundaries beside the project, when there (else tracker uses its cache or downloads them).
TRACKER_GEODATA ?= $(wildcard $(abspath ../shared/geodata/afg))
export TRACKER_GEODATA

.PHONY: demo test bench browser postgres clean

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

# Debian's PostgreSQL server for the ledger tests (each test run starts its own throwaway cluster), and PostGIS
# for the GIS view's test when the distribution has it.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null && \
	  v=$$(ls /usr/lib/postgresql | sort -n | tail -1) && \
	  { DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql-$$v-postgis-3 >/dev/null 2>&1 || \
	    echo "PostGIS not installed: its test will be skipped"; }; }

# Tests run on every core (pytest-xdist); tests sharing a browser run on one worker (tests/conftest.py).
test: $(BIN)/tracker browser postgres
	$(BIN)/python -m pytest -q -n auto --dist loadgroup

# Every benchmark's figures, with their ratios and targets, as one table (bench/run.py).
bench: $(BIN)/tracker
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) maps/*.html maps/*.json test-artifacts
