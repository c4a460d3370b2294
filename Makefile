# The single entry point. Every target sets up .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-js test-fast lint format typecheck bench eval train screenshots clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The web client's tooling (typescript, eslint) from the npm registry, pinned
# by package-lock.json; node_modules is set up again when either changes.
# Without npm the JavaScript checks are skipped loudly (a failure under
# CAUSERIE_TEST_STRICT=1, as .ci/run sets).
NODE_STAMP := node_modules/.installed
NPM := $(shell command -v npm 2>/dev/null)
NO_NPM = echo "!!! SKIPPED the web client's checks (type check, lint, unit tests): npm not found (apt-get install nodejs npm)"; \
	if [ "$$CAUSERIE_TEST_STRICT" = "1" ]; then echo "CAUSERIE_TEST_STRICT=1: failing"; exit 1; fi
$(NODE_STAMP): package.json package-lock.json
	@if [ -z "$(NPM)" ]; then $(NO_NPM); else npm ci --no-audit --no-fund && touch $(NODE_STAMP); fi

run: $(STAMP)  ## Serve on http://127.0.0.1:8000 (SQLite under ./data, in-process hub)
	$(BIN)/causerie serve --data-dir ./data

# Browser tests run apart: Playwright's sync API keeps an event loop running in
# its process, which the asyncio tests of a shared xdist worker cannot share.
test: $(STAMP)  ## Every suite; skipped suites are listed loudly at the end
	$(BIN)/pytest -q -n auto -m "not browser"; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	$(BIN)/pytest -q -m browser; rc2=$$?; \
	if [ $$rc2 -eq 5 ]; then echo "pytest collected no browser tests: failing"; exit 1; fi; \
	$(MAKE) --no-print-directory test-js; rc3=$$?; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; if [ $$rc2 -ne 0 ]; then exit $$rc2; fi; exit $$rc3

# The loop while coding: SQLite only (the PostgreSQL half of each test, the
# browser and the subprocess suites wait for `make test`), on every core,
# last failures first. ARGS narrows it: make test-fast ARGS=tests/api
test-fast: $(STAMP)  ## The developer's loop: SQLite, no browser/subprocesses, parallel
	$(BIN)/pytest -q -n auto --ff -m "not browser and not slow and not postgres" $(ARGS)

test-js: $(NODE_STAMP)  ## The web client's unit tests (node --test tests/js/)
	@if [ -z "$(NPM)" ]; then $(NO_NPM); else npm test --silent; fi

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src tests bench scripts eval
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	@if [ -z "$(NPM)" ]; then $(NO_NPM); else npm run --silent typecheck && npm run --silent lint; fi

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts eval
	$(BIN)/ruff check --fix src tests bench scripts eval

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)  ## Benchmarks: numbers, never pass/fail (docs/benchmarks.md)
	$(BIN)/python bench/safety_bench.py
	$(BIN)/python bench/media_bench.py
	$(BIN)/python bench/nearby_bench.py --service --cpu
	$(BIN)/python bench/send_path_bench.py
	$(BIN)/python bench/run_realtime.py --postgres
	$(BIN)/python bench/broker_bench.py
	$(BIN)/python bench/web_first_screen.py

eval: $(STAMP)  ## Safety filter and risk scorer on the labelled corpus
	$(BIN)/python eval/run.py

# A retrain is accepted only if the hand-written cases of the safety tests
# still pass (hard negatives among them: sessions 16 and 17's retrains broke
# four); every training message whose decision moved away from the guide is
# listed for a reviewer (eval/drift.py). On failure the new files are left in
# place for study: `git checkout src/causerie/safety/model` reverts them.
TRAIN_DRIFT := $(or $(TMPDIR),/tmp)/causerie-train-drift
train: $(STAMP)  ## Train the safety filter's learned layer (train splits only; docs/safety.md)
	mkdir -p $(TRAIN_DRIFT)
	$(BIN)/python eval/drift.py --dump $(TRAIN_DRIFT)/before.tsv
	$(BIN)/python eval/train.py
	$(BIN)/python eval/train_gate.py
	$(BIN)/python eval/drift.py --dump $(TRAIN_DRIFT)/after.tsv \
		--compare $(TRAIN_DRIFT)/before.tsv $(TRAIN_DRIFT)/after.tsv
	@$(BIN)/pytest -q -n auto tests/unit/safety || { \
		echo "!!! the retrained model breaks hand-written safety cases (above): not accepted;"; \
		echo "    git checkout src/causerie/safety/model reverts it"; exit 1; }

screenshots: $(STAMP)  ## PNGs of the main screens into docs/screenshots/
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
