# `make test` and `make demo` work from a fresh clone with nothing but python3 installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv lint docs test test-fast demo demo-real bench mutate clean redis-server

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The fleet tests (tests/test_fleet.py) start their own redis-server on 127.0.0.1; as root
# (CI, a fresh Debian machine) a missing one is installed from Debian's packages.
redis-server:
	@command -v redis-server >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1 || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server; }; \
	  else \
	    echo "redis-server is not on PATH: install it (apt-get install redis-server) to run the fleet tests" >&2; exit 1; \
	  fi; }

lint: venv
	$(BIN)/ruff check llmkit tests examples
	$(BIN)/mypy llmkit examples

docs: venv
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint docs redis-server
	$(BIN)/python -m pytest

test-fast: lint redis-server
	$(BIN)/python -m pytest -m "not integration"

demo: venv
	$(BIN)/python examples/demo.py

demo-real: venv
	$(BIN)/python examples/demo_real.py

bench: venv
	$(BIN)/python bench/run.py

# Mutation testing of the core against the fast suite (slow: not part of `make test`). The modules it
# mutates are listed once, in pyproject.toml [tool.mutmut] only_mutate. Each mutant runs only the tests
# that reached the function it changes. MUTATE_JOBS: parallel mutants (default: every core).
MUTATE_STAMP := $(VENV)/.mutate-installed
MUTATE_JOBS  ?= $(shell nproc 2>/dev/null || echo 2)
# mutmut runs the tests inside mutants/, where ../shared is not beside them: name both corpora.
LLMKIT_CORPUS ?= $(abspath $(CURDIR)/../shared/corpus)
LLMKIT_CORPUS_NATIVE ?= $(abspath $(CURDIR)/../shared/corpus-native)

$(MUTATE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,mutate]'
	touch $(MUTATE_STAMP)

mutate: $(MUTATE_STAMP)
	rm -rf mutants
	LLMKIT_CORPUS=$(LLMKIT_CORPUS) LLMKIT_CORPUS_NATIVE=$(LLMKIT_CORPUS_NATIVE) $(BIN)/mutmut run --max-children $(MUTATE_JOBS)
	$(BIN)/python bench/mutation_report.py

clean:
	rm -rf $(VENV) build site mutants *.egg-info .mypy_cache .ruff_cache .pytest_cache
