"""The Debian programs the tests drive, and the packages that bring them (`make test` installs them)."""

import shutil

import pytest

# program -> the Debian packages that provide it; scripts/test-tools installs the same ones (a test checks).
PACKAGES = {
    "chromium": ["chromium"],
    "soffice": ["libreoffice-calc-nogui", "libreoffice-writer-nogui"],
    "pdftotext": ["poppler-utils"],
}


def require_tool(program: str) -> str:
    """The program's path; a missing one fails the test with the command that installs it (never a silent skip)."""
    path = shutil.which(program)
    if path is None:
        packages = " ".join(PACKAGES[program])
        pytest.fail(f"{program} is not installed: run `make test` as root, or apt-get install -y {packages}", pytrace=False)
    return path
