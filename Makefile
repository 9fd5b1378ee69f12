# Two commands for a fresh machine: `make run` and `make test` (see README).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test install lint bench docs clean

$(BIN)/recon: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@touch $@

install: $(BIN)/recon

run: install
	$(BIN)/recon run

test: install
	$(BIN)/ruff check pipeline flows tests benchmarks
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks

# the README's column tables and data_dictionary.json, made from pipeline/schema/*.yaml,
# and the output of its console examples, run on the seed corpus
docs: install
	$(BIN)/python -m tests.test_readme
	$(BIN)/python -m tests.test_readme_commands

clean:
	rm -rf $(VENV) .recon build *.egg-info
