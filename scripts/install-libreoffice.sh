#!/usr/bin/env bash
# Install LibreOffice (Writer, Calc), the Noto CJK fonts and poppler's pdftoppm/pdftotext for
# tests/test_render_pages.py, which converts the Word and Excel reports to PDF and PNG. Idempotent.
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
    && fc-list 2>/dev/null | grep -qi "Noto.*CJK"; then
    exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-libreoffice tests/test_render_pages.py \
    libreoffice-writer libreoffice-calc fonts-noto-cjk poppler-utils
if command -v soffice >/dev/null 2>&1; then
    echo "install-libreoffice: $(soffice --version | head -1)"
fi
