# Budgetlijn: the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEV := DJANGO_SETTINGS_MODULE=budgetlijn.conf.dev
DEMO_SCALE ?= 1
DEMO_SEED ?= 2023
PORT ?= 8000
BENCH_BUDGETS ?= 1000000
BENCH_COST_LINES ?= 100000
BENCH_PAYMENT_LINES ?= 100000
BENCH_PAYMENT_BUDGETS ?= 20000

.PHONY: install demo serve test test-sqlite test-postgres lint format clean bench bench-postgres bench-ledger mutate

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements/constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## make demo [PORT=8000]: set up, check the port is free, migrate the SQLite database (and create
## the cache table of CACHE_URL's default database cache), load demo
## data (once: a second run changes nothing), make the administrator (once: a second run keeps its
## password) and serve on http://127.0.0.1:$(PORT)
demo: $(STAMP)
	@$(DEV) $(PY) manage.py check_port $(PORT) --target demo
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py createcachetable
	$(DEV) $(PY) manage.py load_demo --scale $(DEMO_SCALE) --seed $(DEMO_SEED)
	$(DEV) $(PY) manage.py ensure_demo_admin --port $(PORT)
	$(DEV) $(PY) manage.py ensure_demo_holders --port $(PORT)
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make serve [PORT=8000]: serve again without loading anything
serve: $(STAMP)
	@$(DEV) $(PY) manage.py check_port $(PORT) --target serve
	$(DEV) $(PY) manage.py createcachetable
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: set up and run lint, migration check and the whole test suite (SQLite)
test: $(STAMP) lint
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest -n 2 -p no:cacheprovider

## make test-postgres: the same suite against a throwaway PostgreSQL 15 cluster
test-postgres: $(STAMP)
	bash scripts/ensure-chromium.sh
	bash scripts/test-postgres.sh $(PY) -m pytest -n 2 -p no:cacheprovider

## make bench: time the statistics report on $(BENCH_BUDGETS) generated budgets (throwaway SQLite
## file, never the demo database); prints the figures and the ratio to the bare GROUP BY. Then
## validate and book a generated file of $(BENCH_COST_LINES) cost lines (another throwaway SQLite
## file); prints where the time goes and "costs: ... ratio R" against a bare executemany. Then a
## payment run over $(BENCH_PAYMENT_LINES) accepted lines of $(BENCH_PAYMENT_BUDGETS) budgets; prints
## "payments: ... ratio R" against a bare insert of as many ledger rows
bench: $(STAMP)
	$(DEV) $(PY) bench/bench_statistics.py --budgets $(BENCH_BUDGETS)
	$(DEV) $(PY) bench/bench_costs.py --lines $(BENCH_COST_LINES)
	$(DEV) $(PY) bench/bench_payments.py --lines $(BENCH_PAYMENT_LINES) --budgets $(BENCH_PAYMENT_BUDGETS)

## make bench-postgres: the cost and payment benches on a throwaway PostgreSQL 15 cluster each
## (scripts/test-postgres.sh)
bench-postgres: $(STAMP)
	$(DEV) bash scripts/test-postgres.sh $(PY) bench/bench_costs.py --use-database-url --lines $(BENCH_COST_LINES)
	$(DEV) bash scripts/test-postgres.sh $(PY) bench/bench_payments.py --use-database-url --lines $(BENCH_PAYMENT_LINES) --budgets $(BENCH_PAYMENT_BUDGETS)

## make bench-ledger: the ledger's single path at entry 1 000 and 20 000 of one budget, and
## book_batch of 10 000 commitments over 2 000 budgets against a bare executemany (throwaway
## SQLite file; docs/decisions/0014)
bench-ledger: $(STAMP)
	$(DEV) $(PY) bench/bench_ledger.py

## make mutate: mutation testing (mutmut) of the pure rules (src/budgetlijn/rules/*.py) against
## the pure rules tests; prints "mutate: K of N mutants killed (P %)". One module list at a time:
## make mutate MUTATE_PATHS="money budgets" (docs/mutation-testing.md gives the times)
MUTATE_PATHS ?=
mutate: $(STAMP)
	$(PY) scripts/mutate.py $(MUTATE_PATHS)

lint: $(STAMP)
	$(VENV)/bin/ruff check src bench
	$(VENV)/bin/ruff format --check src bench

format: $(STAMP)
	$(VENV)/bin/ruff format src
	$(VENV)/bin/ruff check --fix src

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache mutants
