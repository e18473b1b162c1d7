# bwmo: two commands on a fresh machine.
#   make demo   set up, migrate, load reference data and the demo regions, serve on 127.0.0.1:8000
#               with the worker of the background jobs next to it (both stop on Ctrl-C)
#   make test   set up and run the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ASSETS := src/bwmo/static/vendor/.built
BROWSER_STAMP := $(VENV)/.browser-checked
DEMO_ADDR ?= 127.0.0.1:8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: demo test setup assets migrate demo-data serve lint browser bench clean lock audit

# Every package pinned with its hashes (requirements/*-lock.txt, from base.txt/dev.txt by `make lock`).
$(STAMP): requirements/dev-lock.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev-lock.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

setup: $(STAMP) $(ASSETS)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json scripts/build_assets.sh
	bash scripts/build_assets.sh
	touch $@

assets: $(ASSETS)

migrate: setup
	$(BIN)/bwmo migrate --noinput

demo-data: migrate
	$(BIN)/bwmo load-reference-data
	$(BIN)/bwmo demo-data --region centraal-gelderland --seed 42 --scale 1
	$(BIN)/bwmo demo-data --region zuidoost-drenthe --seed 42 --scale 0.3
	$(BIN)/bwmo demo-data --region ijssel-vecht --seed 42 --scale 0.6
	$(BIN)/bwmo demo-data --region west-brabant-west --seed 42 --scale 0.5

demo: demo-data
	$(BIN)/bwmo demo-logins
	$(MAKE) --no-print-directory serve

# The web server and, next to it, the worker of the background jobs (bwmo.jobs, ADR 0020):
# long work (matching runs, register imports) runs there. The worker runs in its own session so
# that Ctrl-C reaches only the server; the trap then stops the worker once (SIGTERM: it finishes a
# running job first).
serve: migrate
	@DEBUG=yes setsid $(BIN)/bwmo db_worker --interval 0.5 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=yes $(BIN)/bwmo runserver $(DEMO_ADDR)

# Debian's chromium for the browser tests; the tests skip loudly when it cannot be installed.
$(BROWSER_STAMP):
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core) >/dev/null 2>&1 \
	  || echo "WARNING: chromium could not be installed; browser tests will be skipped."; }
	@mkdir -p $(VENV) && touch $@

browser: $(BROWSER_STAMP)

# Recompile the locks after changing a pin in requirements/base.txt or dev.txt.
LOCK_OPTS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(STAMP)
	$(BIN)/pip-compile $(LOCK_OPTS) -o requirements/base-lock.txt requirements/base.txt
	$(BIN)/pip-compile $(LOCK_OPTS) -o requirements/dev-lock.txt requirements/dev.txt

# Known vulnerabilities in the locked packages (PyPI's advisory data). Needs pypi.org's JSON API;
# --strict makes a package it cannot look up an error instead of a silent pass. Not part of
# `make test`: see docs/operations.md ("Dependencies").
audit: $(STAMP)
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -s pypi -r requirements/dev-lock.txt

lint: setup
	$(BIN)/ruff check .

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/bwmo makemigrations --check --dry-run
	$(BIN)/pytest -n 2

bench: demo-data
	for f in bench/*.py; do $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules src/bwmo/static/vendor var
