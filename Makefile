# Partnership Network Hub: everyday commands. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=

# Debian packages that the test suite needs: Chromium for the accessibility
# tests, gettext for the translation test.
SYSTEM_PACKAGES := chromium gettext

.PHONY: install system-packages run test lint typecheck messages schema clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	@mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py load_demo
	HUB_SITE_URL=$${HUB_SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v xgettext >/dev/null 2>&1 || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing$$missing from Debian for the tests"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else \
			echo "The tests need these Debian packages:$$missing. Run: sudo apt-get install$$missing"; \
			exit 1; \
		fi; \
	fi

test: $(STAMP) system-packages
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale fr --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --locale fr --ignore '.venv/*'

schema: $(STAMP)
	$(BIN)/python manage.py spectacular --validate --fail-on-warn --file var/openapi.yaml

clean:
	rm -rf $(VENV) var/hub.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache

# A Celery worker and beat for the quarterly reviews and reminders; both need
# REDIS_URL, for example redis://127.0.0.1:6379/0 (see README.md).
.PHONY: worker beat

worker: $(STAMP)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL, for example redis://127.0.0.1:6379/0"; exit 1; }
	$(BIN)/celery -A hubsite worker --loglevel INFO

beat: $(STAMP)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL, for example redis://127.0.0.1:6379/0"; exit 1; }
	@mkdir -p var
	$(BIN)/celery -A hubsite beat --loglevel INFO --schedule var/celerybeat-schedule

# Benchmarks (bench/README.md). They need PostgreSQL and Redis on 127.0.0.1
# and drop and create their own databases (hub_bench, hub_bench_s<size>, ...).
# Redis database 10 is emptied at the start of `make bench`.
BENCH_POSTGRES ?= postgres://postgres@127.0.0.1:5432
BENCH_SIZES ?= 1000,10000
BENCH_USERS ?= 1,10,50
BENCH_DURATION ?= 12
BENCH_STAMP := $(VENV)/.bench-installed
BENCH_DB_TOOLS := -h 127.0.0.1 -U postgres

.PHONY: bench bench-scaling bench-results bench-similarity bench-digests bench-all

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $(BENCH_STAMP)

# Load test against the floor, query counts, memory, page weight, digest and
# scaling curves at BENCH_SIZES; about 15 to 20 minutes on 2 cores.
bench: $(BENCH_STAMP) system-packages
	BENCH_POSTGRES=$(BENCH_POSTGRES) BENCH_SIZES=$(BENCH_SIZES) BENCH_USERS=$(BENCH_USERS) \
		BENCH_DURATION=$(BENCH_DURATION) $(BIN)/python -m bench.run

# The same with the 100,000-organization curve point. Its dataset takes about
# 25 minutes to generate the first time and is kept for later runs.
bench-scaling:
	$(MAKE) bench BENCH_SIZES=1000,10000,100000

# The earlier single-feature benchmarks, each on its own throwaway database.
bench-results: $(BENCH_STAMP)
	dropdb --if-exists $(BENCH_DB_TOOLS) hub_bench_metrics && createdb $(BENCH_DB_TOOLS) hub_bench_metrics
	DATABASE_URL=$(BENCH_POSTGRES)/hub_bench_metrics $(BIN)/python bench/metrics_results.py

bench-similarity: $(BENCH_STAMP)
	dropdb --if-exists $(BENCH_DB_TOOLS) hub_bench_similarity && createdb $(BENCH_DB_TOOLS) hub_bench_similarity
	DATABASE_URL=$(BENCH_POSTGRES)/hub_bench_similarity $(BIN)/python bench/initiatives_similarity.py

bench-digests: $(BENCH_STAMP)
	dropdb --if-exists $(BENCH_DB_TOOLS) hub_bench_digests && createdb $(BENCH_DB_TOOLS) hub_bench_digests
	DATABASE_URL=$(BENCH_POSTGRES)/hub_bench_digests $(BIN)/python bench/digests.py

bench-all: bench bench-results bench-similarity bench-digests
