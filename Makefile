# The two quick-start commands: `make demo` and `make test`. Both create .venv and install on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint eval bench clean vendor

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	scripts/vendor-web.sh
	touch $(STAMP)

# The web page's third-party files (Leaflet, marker clusters, Natural Earth country shapes) from npm into
# src/sitrep/web/static/vendor/ (gitignored): nothing is loaded from a CDN. Idempotent.
vendor:
	scripts/vendor-web.sh

# The main job on the embedded defaults: ingest the demo articles into a SQLite store, print the events.
demo: $(STAMP) vendor
	rm -f out/demo.db && mkdir -p out
	$(BIN)/sitrep ingest examples/articles --db out/demo.db
	$(BIN)/sitrep events --db out/demo.db --format table

# The store tests also run against a throwaway PostgreSQL server (scripts/test-postgres.sh installs and
# starts it); where it cannot start, those cases skip (CI sets SITREP_REQUIRE_POSTGRES=1: they fail).
# The web page's browser test drives Debian's chromium (scripts/test-browser.sh installs it); without it
# that test skips (CI sets SITREP_REQUIRE_BROWSER=1: it fails).
test: $(STAMP) vendor
	$(BIN)/ruff check src tests
	SITREP_TEST_POSTGRES="$$(scripts/test-postgres.sh start || true)" \
	SITREP_CHROMIUM="$$(scripts/test-browser.sh || true)" $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Quality figures reported in the README (needs ../shared).
eval: $(STAMP)
	$(BIN)/sitrep eval acled ../shared/acled-dev/acled_syria_battles_2019-2023.csv --split test

# Speed and memory against bare spaCy (issue 6; needs ../shared). Not part of the tests.
bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 200,1000 --repeat 3 --json out/bench.json

clean:
	rm -rf $(VENV) out *.egg-info src/*.egg-info web/node_modules src/sitrep/web/static/vendor
