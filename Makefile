# newsware: every target sets itself up; `make run` and `make test` are the two README commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test test-fast test-slow lint format eval bench bench-full sample report clean lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## run: the nightly flow once on ./data/raw (the bundled sample corpus is written there if empty)
run: $(STAMP)
	$(BIN)/newsware run --sample-if-empty

## test: the whole suite, slow scale tests included
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

eval: $(STAMP)
	$(BIN)/python -m bench.eval_extraction

bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes 10000,100000

bench-full: $(STAMP)
	$(BIN)/python -m bench.run --sizes 10000,100000,1000000

report: $(STAMP)
	$(BIN)/newsware report

clean:
	rm -rf data/warehouse .pytest_cache

lock:
	rm -rf /tmp/newsware-lock && $(PYTHON) -m venv /tmp/newsware-lock
	/tmp/newsware-lock/bin/pip install -q -e '.[dev]'
	/tmp/newsware-lock/bin/pip freeze --exclude-editable | sed '1i # Fully resolved dependency set (pip freeze of a clean install on Python 3.11). Regenerate with `make lock`.' > requirements.lock
