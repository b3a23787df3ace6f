# Shared set-up steps of scripts/test, scripts/demo and scripts/bench (sourced, not run).
# Each step is skipped when its inputs have not changed since it last ran.

_stamp() { sha256sum pyproject.toml package.json package-lock.json 2>/dev/null | sha256sum | cut -c1-16; }

# setup_python EXTRAS: .venv with ftkit installed editable with the given extras.
setup_python() {
  local extras="$1"
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  local want="$extras-$(_stamp)"
  if [ "$(cat .venv/.ftkit-installed 2>/dev/null)" != "$want" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
    echo "$want" > .venv/.ftkit-installed
  fi
}

# setup_prism: the Prism mock server from npm, pinned in package-lock.json.
setup_prism() {
  if [ ! -x node_modules/.bin/prism ] || [ "$(cat node_modules/.ftkit-installed 2>/dev/null)" != "$(_stamp)" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    _stamp > node_modules/.ftkit-installed
  fi
}

# setup_chromium: a headless browser for the HTML report's test (Debian's chromium package; the
# tests never download a browser of their own). Installed with apt-get when missing and allowed.
setup_chromium() {
  if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    return
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  else
    echo "scripts/test: chromium is missing (install Debian's chromium package); the HTML report's test will fail" >&2
  fi
}
