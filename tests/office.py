"""Open Office files as a person would: LibreOffice (headless) converts a .docx to PDF; poppler
gives the PDF's pages, text and word positions."""
from __future__ import annotations

import re
import subprocess
import tempfile
from html import unescape
from pathlib import Path


def docx_to_pdf(data: bytes, folder: Path, name: str = "doc") -> Path:
    src = folder / f"{name}.docx"
    src.write_bytes(data)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))       # a private profile: conversions never collide
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(src)], check=True, capture_output=True, timeout=180)
    out = folder / f"{name}.pdf"
    assert out.exists(), "LibreOffice wrote no PDF"
    return out


def words(pdf: Path) -> list[dict]:
    """Every word with its page and box (points), from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    out, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
            width = float(re.search(r'width="([\d.]+)"', line).group(1))
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            out.append({"page": page, "x0": float(m.group(1)), "y0": float(m.group(2)), "x1": float(m.group(3)),
                        "y1": float(m.group(4)), "text": unescape(m.group(5)), "page_width": width})
    return out


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for every font of the PDF, from pdffonts."""
    rows = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    return [(r.split()[0], r.split()[-5] == "yes") for r in rows if r.strip()]
