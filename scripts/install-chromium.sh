#!/usr/bin/env bash
# Install Debian's chromium for tests/test_browser.py, if /usr/bin/chromium is missing. Idempotent.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-chromium: /usr/bin/chromium is missing and this is not root (no sudo): skipping;" \
            "tests/test_browser.py will be skipped" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
test -x /usr/bin/chromium
echo "install-chromium: $(/usr/bin/chromium --version)"
