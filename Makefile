# Nagasaki City Juki-net corpus: build, check and test.  `make help` lists the targets.
SHELL        := /bin/bash
.DEFAULT_GOAL := help
VENV         ?= .venv
PY           := $(VENV)/bin/python
SPHINXBUILD  := $(VENV)/bin/sphinx-build
BUILDDIR     ?= _build
SPHINXOPTS   ?= -n -W --keep-going -q
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
STAMP        := $(VENV)/.installed
EDITION      ?= public
export EDITION
DOCTREES     = $(BUILDDIR)/doctrees
VERSION      := 2026

# The print volumes: the files under docs/print/ whose front matter names them (volume-ja: …).
VOLUMES      := $(basename $(notdir $(shell grep -l '^volume-ja:' docs/print/*.md)))
PHONY_VOLUMES := $(addprefix pdf-,$(VOLUMES))
.PHONY: meeting followup help setup all html pdf $(PHONY_VOLUMES) editions preview leakcheck intl-report html-en pdf-en site check anchors amend linkcheck gettext intl-update serve test test-fast lint clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 14

setup: $(STAMP) ## install system packages (Debian, as root) and the Python environment
	@tools/install-system-deps.sh
	@$(MAKE) --no-print-directory node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): requirements.txt constraints.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt -c constraints.txt
	touch $@

all: setup html pdf html-en pdf-en ## the main job: set up, build the site and the PDFs in Japanese and English (strict)

html: $(STAMP) ## build the web site (strict: nitpicky, warnings are errors)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -d $(DOCTREES) . $(BUILDDIR)/html
	$(PY) tools/search_index.py $(BUILDDIR)/html
	@echo "site: $(BUILDDIR)/html/index.html"

pdf: $(STAMP) ## build every print edition (uplatex, IPAex fonts embedded), then the print check (review images in _build/latex/review)
	@$(PY) tools/check_deps.py
	$(SPHINXBUILD) -b latex $(SPHINXOPTS) -d $(DOCTREES) . $(BUILDDIR)/latex
	@$(PY) tools/latexpdf.py $(BUILDDIR)/latex
	@$(PY) tools/print_check.py $(BUILDDIR)/latex

$(addprefix pdf-,$(VOLUMES)): pdf-%: $(STAMP) ## one volume: pdf-NAME for each docs/print/NAME.md with volume-ja in its front matter
	@$(PY) tools/check_deps.py
	$(SPHINXBUILD) -b latex $(SPHINXOPTS) -d $(DOCTREES) . $(BUILDDIR)/latex
	@$(PY) tools/latexpdf.py $(BUILDDIR)/latex $*
	@$(PY) tools/print_check.py $(BUILDDIR)/latex $*

editions: setup ## build both editions (公開版, 庁内版): site + PDFs, packaged with checksums in _build/dist
	$(MAKE) html pdf EDITION=public BUILDDIR=_build/public
	$(PY) tools/package.py _build/public public $(VERSION)
	$(MAKE) html pdf EDITION=internal BUILDDIR=_build/internal
	$(PY) tools/package.py _build/internal internal $(VERSION)

preview: ## serve a packaged edition on http://127.0.0.1:8001 (EDITION=public|internal; run make editions first)
	$(PY) -m http.server 8001 --bind 127.0.0.1 -d _build/dist/juki-corpus-$(EDITION)-$(VERSION)/site

leakcheck: $(STAMP) ## plant a canary in every internal source, build the public edition, scan every output for it
	$(PY) tools/leak_check.py

meeting: $(STAMP) ## record a council meeting: make meeting ID=r8-1 DATE=2026-12-10 [TIME=14時00分 VENUE=… FORMAT=対面 BODY=審議会]
	@$(PY) tools/meeting.py new --id "$(ID)" --date "$(DATE)" $(if $(BODY),--body "$(BODY)") $(if $(TIME),--time "$(TIME)") $(if $(VENUE),--venue "$(VENUE)") $(if $(FORMAT),--format "$(FORMAT)") $(if $(OFFICE),--office "$(OFFICE)")

followup: $(STAMP) ## add a follow-up to a meeting: make followup ID=r8-1 TEXT="…" [ARTICLES="kitei:第13条,kansa:第6条"]
	@$(PY) tools/meeting.py followup --id "$(ID)" --text "$(TEXT)" $(if $(ARTICLES),--articles "$(ARTICLES)")

anchors: $(STAMP) ## record the current anchors in data/anchors.lock (refuses to drop one that has no redirect)
	$(SPHINXBUILD) -b html -q -d $(DOCTREES) -D reiki_anchor_lock= . $(BUILDDIR)/html
	@$(PY) tools/anchor_lock.py $(BUILDDIR)/html/_anchors.txt data/anchors.lock data/redirects.yaml

amend: $(STAMP) ## open an amendment (ID=kitei [AMEND=c2]); again after the edit: 改め文, anchors, redirects; CHECK=file checks a received 改め文
	$(PY) tools/amend.py $(ID) $(if $(AMEND),--id $(AMEND)) $(if $(CHECK),--check $(CHECK))

linkcheck: $(STAMP) ## check external links (needs the internet; e-Gov anchors are not checked); report in _build/linkcheck/report.md
	-$(SPHINXBUILD) -b linkcheck -q -d $(DOCTREES) . $(BUILDDIR)/linkcheck
	$(PY) tools/link_report.py $(BUILDDIR)/linkcheck/output.json

gettext: $(STAMP) ## extract messages to .pot files (one per page)
	$(SPHINXBUILD) -b gettext -E -q -d $(BUILDDIR)/doctrees-gettext . $(BUILDDIR)/gettext

intl-update: gettext ## update the English catalogs in locale/en (new and changed messages become untranslated or fuzzy; exact repeats are filled from the other catalogs)
	$(VENV)/bin/sphinx-intl update -p $(BUILDDIR)/gettext -l en -w 0
	$(PY) tools/po_defuzz.py locale/en/LC_MESSAGES
	$(PY) tools/po_reuse.py locale/en/LC_MESSAGES

intl-report: $(STAMP) ## translation progress per page and in total (translated / fuzzy / untranslated)
	$(PY) tools/intl_report.py locale/en/LC_MESSAGES

html-en: $(STAMP) ## the English edition of the site (fails if a rule is not fully translated)
	DOCS_LANG=en $(SPHINXBUILD) -b html $(SPHINXOPTS) -D language=en -d $(BUILDDIR)/doctrees-en . $(BUILDDIR)/html-en
	$(PY) tools/search_index.py $(BUILDDIR)/html-en

pdf-en: $(STAMP) ## the English print editions
	@$(PY) tools/check_deps.py
	DOCS_LANG=en $(SPHINXBUILD) -b latex $(SPHINXOPTS) -D language=en -d $(BUILDDIR)/doctrees-en . $(BUILDDIR)/latex-en
	@$(PY) tools/latexpdf.py $(BUILDDIR)/latex-en
	@$(PY) tools/print_check.py $(BUILDDIR)/latex-en

site: html html-en ## both languages side by side: _build/site/ja and _build/site/en, with a language switch on every page
	rm -rf $(BUILDDIR)/site && mkdir -p $(BUILDDIR)/site
	cp -r $(BUILDDIR)/html $(BUILDDIR)/site/ja && cp -r $(BUILDDIR)/html-en $(BUILDDIR)/site/en
	printf '<!doctype html><html lang="ja"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=ja/index.html"><title>長崎市 住基ネット管理運用例規集</title><a href="ja/index.html">日本語</a> <a href="en/index.html">English</a></html>\n' > $(BUILDDIR)/site/index.html

PORT         ?= 8000
serve: $(STAMP) ## live preview on http://127.0.0.1:$(PORT) (PORT=8000): rebuilds on save, errors shown on the page, search included
	$(VENV)/bin/sphinx-autobuild -n -q --host 127.0.0.1 --port $(PORT) -D reiki_preview=1 -d $(BUILDDIR)/doctrees-serve \
	  --post-build "$(PY) tools/search_index.py $(BUILDDIR)/serve" . $(BUILDDIR)/serve

lint: $(STAMP) node_modules/.installed ## ruff and mypy over the Python code; the Japanese prose lint (textlint, file:line messages)
	$(VENV)/bin/ruff check reiki corpus_search corpus_nav tools tests conf.py
	$(VENV)/bin/ruff format --check reiki corpus_search corpus_nav tools tests conf.py
	$(VENV)/bin/mypy
	$(PY) tools/prose_lint.py

test: setup lint ## run the whole test suite (lint, then pytest: builds the corpus, HTML and PDF)
	$(VENV)/bin/pytest -q tests

test-fast: lint ## lint, then the tests that do not build the whole corpus (pytest -m "not slow", a few minutes)
	$(VENV)/bin/pytest -q -m "not slow" tests

clean: ## remove build output
	rm -rf $(BUILDDIR)
