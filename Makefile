# Quick start: `make serve` runs the sandbox, `make test` runs every check CI runs.
# Both create .venv and install the project into it on first use (needs only python3).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: serve test test-browser lint format specs bench lock image clean

# constraints.txt pins every dependency to the version the suite passed with; a change to it
# (or to pyproject.toml) reinstalls.
$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(INSTALLED)

serve: $(INSTALLED)  ## Run every platform on http://127.0.0.1:8000 (extra flags: make serve ARGS="--db :memory:")
	$(BIN)/flow-sandbox serve $(ARGS)

# The suite runs on TEST_WORKERS processes (pytest-xdist; 0 runs it in this one), each
# given whole files: a module's costly fixtures (a conformance run, a live server) are then
# built once, not once per process.
TEST_WORKERS ?= 2

test: $(INSTALLED)  ## Lint, check the committed specs, run the test suite (TEST_WORKERS=2)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/flow-sandbox specs --check
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(ARGS)

# Debian's chromium and chromium-driver (.ci/run installs them); CHROMIUM / CHROMEDRIVER
# name others. Screenshots land in build/browser-screenshots/.
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver

test-browser: $(INSTALLED)  ## Run tests/browser in headless Chromium (apt-get install chromium chromium-driver)
	@test -x $(CHROMIUM) -a -x $(CHROMEDRIVER) || { echo "make test-browser needs $(CHROMIUM) and $(CHROMEDRIVER): apt-get install -y chromium chromium-driver" >&2; exit 1; }
	CHROMIUM=$(CHROMIUM) CHROMEDRIVER=$(CHROMEDRIVER) $(BIN)/pytest tests/browser $(ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

specs: $(INSTALLED)  ## Regenerate specs/*.openapi.json from the code
	$(BIN)/flow-sandbox specs

bench: $(INSTALLED)  ## Print throughput and latency figures (needs wrk for best figures); per-platform cost by stored records: $(BIN)/python bench/platform_costs.py
	$(BIN)/python bench/rapidpro_contacts.py $(ARGS)

# A scratch venv, so what is resolved is what pyproject.toml allows today, not what .venv holds.
LOCK_VENV := build/lock-venv

lock:  ## Rewrite constraints.txt with the newest versions pyproject.toml allows (then make test)
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
	{ grep '^#' constraints.txt | grep -v '^# Resolved with' || true; \
	  $(LOCK_VENV)/bin/python -c 'import platform; print("# Resolved with Python", platform.python_version())'; \
	  $(LOCK_VENV)/bin/python -m pip freeze --disable-pip-version-check --exclude flow-sandbox; \
	} > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)
	@echo "constraints.txt rewritten: run make test, then commit it"

CONTAINER ?= docker
IMAGE ?= flow-sandbox

# podman builds OCI images by default, and the OCI format has no HEALTHCHECK: --format docker
# keeps it. BASE_IMAGE replaces python:3.11-slim-bookworm (README.md, "Docker").
image:  ## Build the container image (CONTAINER=podman, BASE_IMAGE=..., IMAGE_ARGS=...)
	$(CONTAINER) build $(if $(findstring podman,$(CONTAINER)),--format docker) \
		$(if $(BASE_IMAGE),--build-arg BASE_IMAGE=$(BASE_IMAGE)) $(IMAGE_ARGS) -t $(IMAGE) .

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .ruff_cache .flow-sandbox
