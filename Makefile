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
