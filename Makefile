# Developer and CI entry points. Everything runs from the virtualenv in .venv (created on demand).
#   make install    create .venv and install requirements.lock (only when the lock changed)
#   make demo       SQLite demo database with sample data, then the dev server on 127.0.0.1:8000
#   make test       install, lint, typecheck, then pytest (PYTEST_ARGS="-k something" to narrow);
#                   fails when pytest collects no test
# requirements.lock is made with pip-tools from pyproject.toml:
#   .venv/bin/pip-compile --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
#       --output-file requirements.lock pyproject.toml

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=

# The test run (and the type check, whose Django plugin loads the settings) needs a secret key when
# DJANGO_DEBUG is off; a key already in the environment wins. The demo sets DJANGO_DEBUG=1 instead,
# where the settings fall back to a development key.
TEST_SECRET_KEY := test-only-secret-key-not-for-production
test typecheck: export DJANGO_SECRET_KEY ?= $(TEST_SECRET_KEY)
test: export DJANGO_DEBUG ?= 0

.DEFAULT_GOAL := help
.PHONY: help install messages migrate demo lint typecheck test bench format clean

help:
	@echo "Targets: install messages migrate demo lint typecheck test bench format clean"

install: $(STAMP)

$(STAMP): requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements.lock
	touch $@

# Compiled .mo files are committed too, so a machine without gettext still serves translations.
messages: install
	@if command -v msgfmt >/dev/null 2>&1; then \
		DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=$(VENV); \
	else \
		echo "msgfmt not found (install gettext); keeping the committed .mo files"; \
	fi

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	@# seed_demo loads the catalogue itself (the same load_catalogue), so the demo starts one process sooner.
	DJANGO_DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "Portal: http://127.0.0.1:8000/  (API docs, after logging in: http://127.0.0.1:8000/api/v1/docs/)"
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

# pytest exits 5 when it collects no test at all (a mistyped PYTEST_ARGS, a broken collection): a run that
# tested nothing is a failure, said in one line at the end, not a quiet success.
test: install lint typecheck
	@status=0; $(BIN)/python -m pytest $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then \
		echo "ERROR: pytest collected no tests, so nothing was tested (check PYTEST_ARGS)" >&2; \
	fi; \
	exit $$status

bench: install
	@found=0; \
	for f in bench/*; do \
		[ -f "$$f" ] && [ -x "$$f" ] || continue; \
		found=1; \
		echo "== $$f"; \
		PATH="$(CURDIR)/$(BIN):$$PATH" "./$$f" || exit $$?; \
	done; \
	if [ $$found -eq 0 ]; then echo "No executable benchmark scripts in bench/; nothing to run."; fi

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis build staticfiles *.egg-info
