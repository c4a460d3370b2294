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
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

run: $(STAMP)  ## Serve on http://127.0.0.1:8000 (SQLite under ./data, in-process hub)
	$(BIN)/causerie serve --data-dir ./data

# Browser tests run apart: Playwright's sync API keeps an event loop running in
# its process, which the asyncio tests of a shared xdist worker cannot share.
test: $(STAMP) test-js  ## Every suite; skipped suites are listed loudly at the end
	$(BIN)/pytest -q -n auto -m "not browser"; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	$(BIN)/pytest -q -m browser; rc2=$$?; \
	if [ $$rc2 -eq 5 ]; then echo "pytest collected no browser tests: failing"; exit 1; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; exit $$rc2

test-fast: $(STAMP)  ## Without browser and subprocess suites
	$(BIN)/pytest -q -m "not browser and not slow"

test-js: $(NODE_STAMP)  ## The web client's unit tests (node --test tests/js/)
	npm test --silent

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src tests bench scripts eval
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	npm run --silent typecheck
	npm run --silent lint

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts eval
	$(BIN)/ruff check --fix src tests bench scripts eval

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)  ## Benchmarks: numbers, never pass/fail (docs/benchmarks.md)
	$(BIN)/python bench/safety_bench.py
	$(BIN)/python bench/media_bench.py
	$(BIN)/python bench/nearby_bench.py --service --cpu
	$(BIN)/python bench/run_realtime.py
	$(BIN)/python bench/web_first_screen.py

eval: $(STAMP)  ## Safety filter and risk scorer on the labelled corpus
	$(BIN)/python eval/run.py

train: $(STAMP)  ## Train the safety filter's learned layer (train splits only; docs/safety.md)
	$(BIN)/python eval/train.py

screenshots: $(STAMP)  ## PNGs of the main screens into docs/screenshots/
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
