#!/usr/bin/env bash
# Install LibreOffice (Writer, Calc), the Noto CJK fonts and poppler's pdftoppm/pdftotext for
# tests/test_render_pages.py, which converts the Word and Excel reports to PDF and PNG. Idempotent.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto.*CJK"; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-libreoffice: LibreOffice is missing and this is not root (no sudo): skipping;" \
            "tests/test_render_pages.py will be skipped (and fails under CI=true)" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends libreoffice-writer libreoffice-calc fonts-noto-cjk \
    poppler-utils >/dev/null
command -v soffice >/dev/null
echo "install-libreoffice: $(soffice --version | head -1)"
