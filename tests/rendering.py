"""Render files as a reader would print them: LibreOffice converts Excel and Word files to PDF, poppler reads
the PDF back page by page (pdftotext) and draws pages as PNG (pdftoppm, for a look or the README)."""

import os
import subprocess
from pathlib import Path

from tests.tools import require_tool

A4_LANDSCAPE, A4_PORTRAIT = (842, 595), (595, 842)


def soffice() -> str:
    require_tool("pdftotext")
    return require_tool("soffice")


def to_pdf(data: bytes, name: str, directory: Path) -> Path:
    """Write the file and convert it with LibreOffice (its own profile in `directory`: tests never share one)."""
    source = directory / name
    source.write_bytes(data)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{directory}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=180,
    )
    return keep_pages(source.with_suffix(".pdf"))


def keep_pages(pdf: Path) -> Path:
    """With RENDER_DIR set, also draw every page as PNG there, to look at (`RENDER_DIR=/tmp/pages pytest -m render`)."""
    target = os.environ.get("RENDER_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(Path(target) / pdf.stem)], check=True, timeout=120)
    return pdf


def pages(pdf: Path) -> list[str]:
    """The text of each page, in reading order with the layout kept (columns stay on their lines)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    return text.split("\f")[:-1]


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    """Each page's size in points, rounded: (842, 595) is A4 landscape."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, check=True, text=True).stdout
    sizes = []
    for line in info.splitlines():
        if line.startswith("Page") and "size:" in line:
            width, height = line.split("size:")[1].split("pts")[0].split(" x ")
            sizes.append((round(float(width)), round(float(height))))
    return sizes


def words(text: str) -> str:
    """The text with its runs of spaces made single (layout mode pads columns)."""
    return " ".join(text.split())
