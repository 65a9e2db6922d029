#!/usr/bin/env bash
# Install Debian's chromium for tests/test_browser.py, if /usr/bin/chromium is missing. Idempotent.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-chromium tests/test_browser.py chromium fonts-noto-cjk
if [ -x /usr/bin/chromium ]; then
    echo "install-chromium: $(/usr/bin/chromium --version)"
fi
