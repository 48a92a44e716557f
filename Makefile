# `make test` and `make demo` work from a fresh clone with nothing but python3 installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv lint docs test test-fast demo demo-real bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

lint: venv
	$(BIN)/ruff check llmkit tests examples
	$(BIN)/mypy llmkit examples

docs: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint docs
	$(BIN)/python -m pytest

test-fast: lint
	$(BIN)/python -m pytest -m "not integration"

demo: venv
	$(BIN)/python examples/demo.py

demo-real: venv
	$(BIN)/python examples/demo_real.py

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build site *.egg-info .mypy_cache .ruff_cache .pytest_cache
