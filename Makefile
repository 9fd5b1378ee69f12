# Two commands for a fresh machine: `make run` and `make test` (see README).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install lint bench clean

$(BIN)/recon: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/recon

run: install
	$(BIN)/recon run

test: install
	$(BIN)/ruff check pipeline flows tests benchmarks
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .recon build *.egg-info
