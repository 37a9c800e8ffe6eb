# The two commands: `make run` and `make test` (`make dev` while developing). Everything else is a step they take.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run dev test tools setup install db migrate demo serve worker lint messages bench db-stop clean-db

run: setup ## set up, then serve the app as production does (gunicorn, DEBUG off) on http://127.0.0.1:8000 with the task worker (Ctrl-C stops both)
	@$(PY) manage.py demo_accounts --print
	@$(PY) scripts/serve.py

dev: setup ## set up, then the development server (DEBUG on, autoreload) on http://127.0.0.1:8000 with the task worker
	@$(PY) manage.py demo_accounts --print
	@$(PY) scripts/serve.py --dev

test: tools install db ## set up, then ruff, the migrations check and the whole test suite
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

tools: ## the Debian programs the tests drive (Chromium, LibreOffice): installed when root with apt, else the command
	@sh scripts/test-tools

setup: install db migrate demo

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q --upgrade pip
	$(PY) -m pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

db: install ## start (or reuse) the embedded Postgres unless DATABASE_URL is set
	@if [ -z "$$DATABASE_URL" ]; then $(PY) -m danvan.embedded_db; fi

migrate: db
	$(PY) manage.py migrate --no-input

demo: migrate ## reference and demo data; safe to run again
	$(PY) manage.py load_demo

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

messages: ## extract and compile the Vietnamese translations
	$(PY) manage.py makemessages -l vi --no-location --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l vi --ignore=.venv

bench: install ## national-scale benchmarks (~8-10 min, 8-12 min more the first time; own databases danvan_bench_large/_small, made when missing); results go to README by hand
	$(PY) -m bench.run

db-stop: ## stop the embedded Postgres
	$(PY) -m danvan.embedded_db stop
