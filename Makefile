# CCHC: the two commands of the README, and the rest.
#   make run    install everything, create the SQLite database, load the demo province, serve :8000 with the background worker beside it
#   make test   install what the tests need, run the whole suite on SQLite and on a throwaway PostgreSQL
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export CCHC_DATA_DIR ?= $(CURDIR)/var

RUN_DEBS := gettext
TEST_DEBS := gettext postgresql chromium fonts-dejavu-core fonts-liberation2 libreoffice-writer-nogui

.PHONY: help run test test-sqlite test-postgres lint bench venv venv-test messages messages-update debs-run debs-test clean

help:
	@echo "make run    cài đặt, tạo CSDL SQLite, nạp tỉnh mẫu và chạy tại http://127.0.0.1:8000"
	@echo "make test   cài đặt, chạy toàn bộ kiểm thử trên SQLite và PostgreSQL (kể cả trình duyệt)"
	@echo "make lint   ruff + mypy cho cchc/core"
	@echo "make bench  chạy các phép đo trong bench/"

# --- installation -------------------------------------------------------------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

debs-run:
	@scripts/apt-ensure.sh $(RUN_DEBS)

debs-test:
	@scripts/apt-ensure.sh $(TEST_DEBS)

messages: venv
	@cd cchc && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

# Re-extract the English catalogue after adding or changing a message (the project's makemessages also
# reads the core's N_() marks, cchc/web/management/commands/makemessages.py); then translate what is new
# (tests/test_catalogue.py fails while an English message is untranslated or fuzzy).
messages-update: venv
	@cd cchc && CCHC_HELP_ONLY=1 DJANGO_SETTINGS_MODULE=cchc.settings PYTHONPATH=$(CURDIR) \
		../$(BIN)/django-admin makemessages -l en --no-obsolete --ignore='*.egg-info' -v 0
	@cd cchc && ../$(BIN)/django-admin compilemessages --ignore=.venv -v 0

# --- the two commands ---------------------------------------------------------------------------
run: debs-run venv messages
	@start=$$(date +%s); \
	CCHC_HTTPS=0 $(BIN)/cchc setup && \
	CCHC_HTTPS=0 $(BIN)/cchc demo load && \
	echo "Sẵn sàng sau $$(( $$(date +%s) - start )) giây. Mở http://127.0.0.1:8000 và đăng nhập bằng một tài khoản ở trên."
	CCHC_HTTPS=0 exec $(BIN)/cchc serve

test: debs-test venv-test messages
	@scripts/run-tests.sh

test-sqlite: venv-test messages
	$(BIN)/pytest

test-postgres: debs-test venv-test messages
	@scripts/with-postgres.sh $(BIN)/pytest

lint: venv-test
	$(BIN)/ruff check cchc tests bench
	$(BIN)/mypy --ignore-missing-imports cchc/core

bench: venv-test
	$(BIN)/pip install --quiet -e '.[test,bench]'
	@ls bench/*.py >/dev/null 2>&1 && for f in bench/*.py; do $(BIN)/python $$f; done || echo "Chưa có phép đo nào."

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
