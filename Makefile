# Wirepress: `make html` sets up .venv and builds the site from seeds/ into output/;
# `make test` sets up and runs the whole test suite. Other targets hand over to invoke.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: html test serve clean ingest rebuild publish

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	# build the ingest's word lists and unpack its language model once (cached in .cache/),
	# so the first ingest starts fast
	$(BIN)/python -c "import sys; sys.path.insert(0, 'plugins'); from wire import language, lexicon; lexicon.get(); language.warm_up()"
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/invoke build

test: $(STAMP)
	$(BIN)/invoke test

ingest: $(STAMP)
	$(BIN)/invoke ingest

serve: $(STAMP)
	$(BIN)/invoke livereload

rebuild: $(STAMP)
	$(BIN)/invoke rebuild

preview: $(STAMP)
	$(BIN)/invoke preview

publish: $(STAMP)
	$(BIN)/invoke publish

clean:
	rm -rf output/* .cache
