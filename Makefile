# xltools: två kommandon räcker – `make demo` och `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dokument,analys]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m xltools.examples.demo

test: $(STAMP)
	$(BIN)/ruff check xltools tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_dokument.py
	$(BIN)/python benchmarks/bench_budgetberedning.py
	$(BIN)/python benchmarks/bench_sie.py
	$(BIN)/python benchmarks/bench_limits.py
	$(BIN)/python benchmarks/bench_inkorg.py

clean:
	rm -rf $(VENV) build out
