# ketacare: `make run` serves the demo; `make test` runs every check and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=
PYTEST_WORKERS ?= 2  # pytest-xdist processes (each with its own test database); 0 = serial
DEMO_CLIENTS ?= 400
export KETACARE_DATA_DIR ?= $(CURDIR)/data

.PHONY: run install test test-pg check pytest chromium lock format clean

run: install ## Install, migrate, seed the demo and serve on http://127.0.0.1:8000
	KETACARE_ENV=dev $(BIN)/ketacare demo --clients $(DEMO_CLIENTS) --seed 2026
	KETACARE_ENV=dev $(BIN)/ketacare serve --host 127.0.0.1 --port 8000

install: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements/lock.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

COVERAGE_ARGS := --cov --cov-report=term
PY_SOURCES := ketacare config tests bench manage.py
# `--check` only lists the files it would rewrite and exits 1; `make format` applies it.
DJANGO_UPGRADE := $(BIN)/django-upgrade --target-version 5.2

test: install chromium check ## Lint, type-check, import contracts, migrations, tests + coverage
	$(MAKE) pytest PYTEST_ARGS="$(COVERAGE_ARGS) $(PYTEST_ARGS)"

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	KETACARE_ENV=test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/djlint ketacare --lint
	$(DJANGO_UPGRADE) --check $$(find $(PY_SOURCES) -name '*.py')

pytest: install ## pytest's exit 5 (no test collected) counts as a failure
	@$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi; exit $$rc

chromium: ## Debian's Chromium for the browser tests (installed when missing and we may)
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else \
	    echo "Chromium is missing: install Debian's 'chromium' package (browser tests need it)."; \
	    exit 1; \
	  fi; \
	fi

lock: ## Re-resolve the pinned dependency lock from pyproject.toml
	$(BIN)/uv pip compile --quiet pyproject.toml --extra test -o requirements/lock.txt --python-version 3.11

format: ## django-upgrade and ruff rewrite the Python sources (templates are linted, never reformatted)
	$(DJANGO_UPGRADE) --exit-zero-even-if-changed $$(find $(PY_SOURCES) -name '*.py')
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
