# Plein — the two commands are `make run` and `make test`; the rest are parts of them.
PYTHON ?= python3
UV := $(PYTHON) -m uv
VENV := .venv
BIN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test install lint format typecheck pytest pytest-postgres messages bench clean

run: install ## serve the demo intranet at http://127.0.0.1:8000 (Ctrl-C stops it)
	$(BIN)/plein run

test: install lint typecheck pytest pytest-postgres ## lint, type check and the whole suite (SQLite, and PostgreSQL if PLEIN_TEST_POSTGRES_URL is set)

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --locked
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lint: install
	$(BIN)/ruff check plein tests bench
	$(BIN)/ruff format --check plein tests bench
	$(BIN)/djlint --lint templates plein

format: install
	$(BIN)/ruff check --fix plein tests bench
	$(BIN)/ruff format plein tests bench

typecheck: install
	$(BIN)/mypy plein

pytest: install
	$(BIN)/pytest

pytest-postgres: install
	@if [ -n "$$PLEIN_TEST_POSTGRES_URL" ]; then \
		echo "Running the suite again on PostgreSQL ($$PLEIN_TEST_POSTGRES_URL)"; \
		DATABASE_URL="$$PLEIN_TEST_POSTGRES_URL" $(BIN)/pytest; \
	else \
		echo "PLEIN_TEST_POSTGRES_URL is not set: PostgreSQL run skipped (see README)"; \
	fi

MESSAGE_IGNORES := --ignore ".venv/*" --ignore "node_modules/*" --ignore "var/*" --ignore "tests/*" \
	--ignore "bench/*" --ignore "test-artifacts/*" --ignore "*/migrations/*"

messages: install ## update the catalogues (templates/ and plein/) and compile them
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemessages --locale nl --locale en $(MESSAGE_IGNORES)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py compilemessages --ignore ".venv/*" --ignore "node_modules/*"

clean:
	rm -rf $(VENV) node_modules var

DB ?= sqlite
SIZE ?= small

bench: install ## latency, throughput and memory of the main pages: make bench DB=sqlite|postgres SIZE=small|medium|large
	$(BIN)/python -m bench.run --db $(DB) --size $(SIZE)
