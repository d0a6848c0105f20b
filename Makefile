# Quick start: `make serve` runs the sandbox, `make test` runs every check CI runs.
# Both create .venv and install the project into it on first use (needs only python3).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: serve test lint format specs bench clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(INSTALLED)

serve: $(INSTALLED)  ## Run every platform on http://127.0.0.1:8000 (extra flags: make serve ARGS="--db :memory:")
	$(BIN)/flow-sandbox serve $(ARGS)

test: $(INSTALLED)  ## Lint, check the committed specs, run the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/flow-sandbox specs --check
	$(BIN)/pytest $(ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

specs: $(INSTALLED)  ## Regenerate specs/*.openapi.json from the code
	$(BIN)/flow-sandbox specs

bench: $(INSTALLED)  ## Print throughput and latency figures (needs wrk for best figures)
	$(BIN)/python bench/rapidpro_contacts.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .flow-sandbox
