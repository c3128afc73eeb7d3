# The two commands a newcomer needs: `make run` and `make test`. Both set everything up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint check system-deps venv bench screenshots fake-hf lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.lock 2>&1 | grep -v "^WARNING: Location" || true
	$(BIN)/python -c "import PySide6, httpx, keyring, json5, pytest"
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

venv: $(STAMP)

system-deps:
	@sh scripts/install-system-deps.sh

run: system-deps $(STAMP)
	$(BIN)/hftray

test: system-deps $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check desktop tests benchmarks scripts
	$(BIN)/ruff format --check desktop tests benchmarks scripts
	$(BIN)/mypy

check: lint test

bench: $(STAMP)
	@failed=""; for b in benchmarks/bench_*.py; do $(BIN)/python $$b || failed="$$failed $$b"; done; \
	if [ -n "$$failed" ]; then echo "missed a target:$$failed"; exit 1; fi

screenshots: system-deps $(STAMP)
	scripts/screenshots.sh

fake-hf: $(STAMP)
	$(BIN)/python -m tests.fakehf

lock:
	$(BIN)/pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) build dist *.egg-info
