#!/bin/sh
# Install what the browser tests need: Debian's chromium + chromium-driver (apt) and the
# Playwright Python driver (pip, into .venv). Playwright drives /usr/bin/chromium directly,
# so `playwright install` (which downloads its own browser) is never run.
# Idempotent: prints nothing and changes nothing when everything is already there.
set -eu

VENV="${VENV:-$(dirname "$0")/../.venv}"
PY="$VENV/bin/python"

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
if [ -n "$missing" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "install-browser: apt-get install$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if ! "$PY" -c "import playwright" >/dev/null 2>&1; then
    echo "install-browser: pip install playwright into $VENV"
    "$PY" -m pip install -q "playwright>=1.45"
fi
