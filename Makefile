# Lantoa — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: run test test-quick check lint format typecheck bench lock clean demo

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Lantoa needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

## Set up everything on SQLite, load the demo union and start web + worker + platform fakes.
run: $(STAMP)
	@mkdir -p "$${LANTOA_VAR_DIR:-var}"
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) prepare_demo
	$(MANAGE) run_devstack

## The whole test suite (SQLite by default; DATABASE_URL=postgres://… for PostgreSQL).
test: $(STAMP)
	$(BIN)/python -m pytest -n 2 --create-db $(PYTEST_ARGS)

test-quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not browser" $(PYTEST_ARGS)

## The gates of STYLE.md §11.
check: lint typecheck $(STAMP)
	$(BIN)/lint-imports
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SECRET_KEY=ci-check-deploy-$$$$-not-secret-but-long-enough-for-the-check-xx \
	DATABASE_URL=sqlite:///var/check.sqlite3 DJANGO_ALLOWED_HOSTS=lantoa.example \
	LANTOA_FERNET_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	$(MANAGE) check --deploy --fail-level WARNING --settings=lantoa.settings.production

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(STAMP)
	$(BIN)/mypy lantoa devstack

## Benchmarks print their figures; most want DATABASE_URL=postgres://…
bench: $(STAMP)
	$(BIN)/python bench/org.py

## Refresh constraints.txt from the current environment after changing pyproject.toml.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) var
