# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make serve   build the site with the example programs and serve it on http://127.0.0.1:8000
#   make test    run the whole test suite (installs Chromium with apt-get if it is missing)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: serve build test lint bench validate clean translations

serve: $(STAMP)
	$(BIN)/python -m generator serve

build: $(STAMP)
	$(BIN)/python -m generator build

validate: $(STAMP)
	$(BIN)/python -m generator validate

# node --test checks the finder's, the shortlist's and their shared modules (theme/assets/). The test files are
# named one by one: Node 21 and later read --test's arguments as globs, where a folder
# matches no file.
test: $(STAMP) node_modules/axe-core/axe.min.js chromium
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy
	node --test tests/js/*.test.mjs
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy

# All six benchmarks (Lighthouse in each language); each prints its figures beside a
# baseline from the same run.
# npm ci (the axe-core rule) also installs lighthouse.
bench: $(STAMP) node_modules/axe-core/axe.min.js chromium
	$(BIN)/python bench/validate_bench.py --runs 5
	$(BIN)/python bench/build_bench.py --runs 3
	$(BIN)/python bench/serve_bench.py --runs 3
	$(BIN)/python -m generator build
	$(BIN)/python bench/finder_bench.py --site site
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/lighthouse_bench.py --runs 3
	$(BIN)/python bench/lighthouse_bench.py --runs 3 --language es

# Interface texts: extract them from the code, templates, schema and mkdocs.yml into the
# template catalogue, then bring each language's messages.po up to date (translators then
# fill in the new entries with any .po editor). tests/test_translations.py checks both.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -o generator/locale/messages.pot --add-location=file \
	  --sort-by-file --project=iop-directory --no-wrap --omit-header .
	$(BIN)/pybabel update -i generator/locale/messages.pot -d generator/locale --no-wrap \
	  --ignore-obsolete

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Browser tests drive Debian's Chromium; no browser is ever downloaded by a test tool.
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian/Ubuntu)"; exit 1; \
	  fi; }

clean:
	rm -rf site .site-* $(VENV) node_modules
