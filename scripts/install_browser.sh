#!/usr/bin/env bash
# Install Debian's chromium for the browser tests (tests/web), unless it is already there.
# Playwright drives this system browser; its own browser downloads (`playwright install`) are
# never used, so the tests need nothing from outside the Debian archive. Needs root (or sudo)
# the first time only.
set -euo pipefail

BROWSER=/usr/bin/chromium
if [ -x "$BROWSER" ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser.sh: $BROWSER is missing and we are not root; install the 'chromium' package" >&2
        exit 1
    fi
fi
echo "installing chromium from Debian packages (once)..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null
test -x "$BROWSER"
