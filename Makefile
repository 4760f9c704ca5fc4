# The two commands: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The install stamp changes whenever a requirements file does, so a second run installs nothing.
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
MANAGE := $(BIN)/python manage.py
export PATH := $(abspath $(BIN)):$(PATH)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install run test messages setup clean

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# The compiled .mo catalogues are committed (serving needs no gettext); after editing a .po file,
# `make messages` recompiles them in pure Python, and the suite fails while one is stale.
messages: install
	$(MANAGE) compile_catalogues

# System packages come from scripts/system-deps, the one list: silent when all is there.
setup: install
	@scripts/system-deps run
	$(MANAGE) setup_site

run: setup
	@echo "LoRA Delivery on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	PORT=$(PORT) $(BIN)/honcho start -f Procfile

test: install
	@scripts/system-deps test
	DJANGO_SETTINGS_MODULE=lorasite.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=lorasite.settings.test $(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest

clean:
	rm -rf var/ .pytest_cache
