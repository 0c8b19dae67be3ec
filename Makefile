# ghatna — set-up and everyday commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= ghatna.db
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test install install-test ingest-examples bench clean lint train-ner ner-baseline kb

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

install-test: $(STAMP)

## make run: install, ingest and annotate the team's example articles into $(DB), merge unknown names, say where to look
run: install
	$(BIN)/ghatna ingest examples/ --db $(DB)
	$(BIN)/ghatna kb merge-nil --db $(DB) > /dev/null
	@echo
	@echo "Articles and what they mention are in $(DB). Look at them with:"
	@echo "  $(BIN)/ghatna list --db $(DB)"
	@echo "  $(BIN)/ghatna show <ID> --db $(DB) [--format json]"
	@echo "  $(BIN)/ghatna kb search Tokayev --db $(DB)"
	@echo "  $(BIN)/ghatna kb entity Q232 --db $(DB)"
	@echo "  $(BIN)/ghatna extract examples/diplomacy_01.txt --format json"
	@echo
	@echo "Serving the web UI and API: open http://$(HOST):$(PORT)/ in a browser (Ctrl-C stops)."
	$(BIN)/ghatna serve --db $(DB) --host $(HOST) --port $(PORT)

## make test: install what tests need and run them all
test: install-test
	bash scripts/install_browser.sh
	$(BIN)/lint-imports
	bash scripts/start_postgres.sh $(BIN)/python -m pytest -q

## make train-ner: rebuild the NER gazetteer, the CRF and its convolutional expert from ../shared/data
## (about 5 min for the CRF on 1 core and 2 min for the expert on 2; installs PyTorch, a large download)
train-ner: install
	$(BIN)/pip install --quiet -e '.[build,train]'
	$(BIN)/python scripts/build_ner_gazetteer.py
	$(BIN)/python scripts/train_ner.py
	$(BIN)/python scripts/train_ner_cnn.py

## make ner-baseline: train and score the issue-7 reference CRF (plain features) into build/ner-baseline (2 min)
ner-baseline: install
	$(BIN)/pip install --quiet -e '.[build]'
	$(BIN)/python scripts/train_ner.py --features plain --c1 0.1 --c2 0.1 --iterations 100 --ilner-weight 1 \
		--scheme bio --o-bias 0 --begin-bias '' --no-harmonise --out build/ner-baseline

## make kb: rebuild the compiled knowledge base from ../shared/data/kb-sources and the seed
kb: install
	$(BIN)/pip install --quiet -e '.[build]'
	$(BIN)/python scripts/build_kb.py

bench: install
	$(BIN)/python bench/ingest/run.py

clean:
	rm -rf $(VENV) build *.egg-info $(DB) $(DB)-wal $(DB)-shm
