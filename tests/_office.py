"""LibreOffice for tests that look at Word and Excel files as pages: ``soffice --convert-to pdf``.

Installed by ``scripts/install-libreoffice.sh`` (``.ci/run`` runs it); a test module that needs it skips,
loudly, without it, and fails under ``CI=true``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def office_pdf(tmp_path: Path, name: str, data: bytes) -> Path:
    """``data`` saved as ``tmp_path/name`` and converted to PDF by LibreOffice (its own profile under
    ``tmp_path``, so parallel runs do not share one); the PDF's path."""
    source = tmp_path / name
    source.write_bytes(data)
    assert SOFFICE is not None
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    pdf = source.with_suffix(".pdf")
    assert pdf.exists(), done.stderr.decode(errors="replace")[-2000:]
    return pdf
