# Allmenning — the two commands a new user needs:
#   make run    install what is missing, build, seed Content/ into .allmenning/ and serve it
#   make test   install what is missing, build, and run the tests
# Both work on a fresh Debian or Ubuntu machine; they use sudo for apt when not root, and
# both make sure the Python test tools are there (cheap when they are).

SHELL := /bin/bash
DEBIAN_PACKAGES := pkg-config libgit2-dev libsqlite3-dev libxml2-dev libxml2-utils libcmark-gfm-dev libcmark-gfm-extensions-dev libstemmer-dev zlib1g-dev curl python3 python3-venv git
PYTHON ?= python3
PYTHON_TEST_VENV := .build/python-tests
DATA ?= .allmenning
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build deps debian-packages swift-toolchain python-test-tools benchmark benchmark-catalogue benchmark-server leak-check clean

# Seeds Content/ into the data folder (repositories, hooks, catalogue; a second run reuses them)
# and serves it on 127.0.0.1:8080. Seeding goes on to serving when only some folders were
# refused (exit 1), not when it could not run (exit 2).
run: deps python-test-tools build
	@mkdir -p $(DATA)
	@# serve and stats read the curriculum packs from the data folder; packs of the operator's own stay.
	@if [ ! -e $(DATA)/curricula ] || [ -L $(DATA)/curricula ]; then ln -sfn "$(CURDIR)/Content/curricula" $(DATA)/curricula; fi
	@.build/debug/allmenning seed Content --data $(DATA) --curricula Content/curricula; seeded=$$?; \
	if [ $$seeded -ge 2 ]; then exit $$seeded; fi; \
	exec .build/debug/allmenning serve --data $(DATA) --host 127.0.0.1 --port 8080

test: deps python-test-tools
	swift build
	ALLMENNING_PYTHON="$$(cat .build/python-for-tests)" swift test

build:
	swift build

deps: debian-packages swift-toolchain

# Installs only the packages that are missing, so a second run asks for nothing.
debian-packages:
	@missing=""; for package in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# Swift is not in Debian 12's archive; newer Debian and Ubuntu releases package it as swiftlang.
swift-toolchain:
	@if ! command -v swift >/dev/null 2>&1; then \
	  if apt-cache show swiftlang >/dev/null 2>&1; then \
	    echo "Installing the Swift toolchain (swiftlang)"; $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq swiftlang; \
	  else \
	    echo "Swift 6 is needed and this system's package archive has none: install it from https://www.swift.org/install/linux/ and run make again." >&2; exit 2; \
	  fi; \
	fi

# jsonschema and PyYAML for the differential schema test: the system's Python when it has
# them, else a virtual environment under .build/.
python-test-tools:
	@mkdir -p .build
	@if $(PYTHON) -c "import jsonschema, yaml" 2>/dev/null; then \
	  command -v $(PYTHON) > .build/python-for-tests; \
	else \
	  [ -x $(PYTHON_TEST_VENV)/bin/python ] || $(PYTHON) -m venv $(PYTHON_TEST_VENV); \
	  $(PYTHON_TEST_VENV)/bin/python -c "import jsonschema, yaml" 2>/dev/null || \
	    $(PYTHON_TEST_VENV)/bin/pip install --quiet -r Tests/python-requirements.txt; \
	  echo "$$(pwd)/$(PYTHON_TEST_VENV)/bin/python" > .build/python-for-tests; \
	fi

clean:
	rm -rf .build .build-asan $(DATA)

# Figures, printed: validate over Content/, fork against git clone, blob reading, the
# accessibility plugin's MB/s against libxml2's.
benchmark: deps
	bash Scripts/benchmark-validate.sh 10
	bash Scripts/benchmark-git.sh 3
	bash Scripts/benchmark-accessibility.sh 3

# Indexing 10,000 generated resource repositories (cold and warm plugin cache), search latency
# over 1,000 mixed queries at 100,000, and the catalogue's size per resource.
benchmark-catalogue: deps
	bash Scripts/benchmark-catalogue.sh 10000 100000 1000

# wrk against allmenning serve: search requests at 10,000 resources for 30 s (reuses the
# catalogue benchmark-catalogue makes, or makes it). Needs wrk (Debian package).
benchmark-server: deps
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	bash Scripts/benchmark-server.sh 10000 30 16

# The git layer and the fork, sync, publish, hook and seed commands under LeakSanitizer (CI runs it).
leak-check: deps
	bash Scripts/leak-check.sh
