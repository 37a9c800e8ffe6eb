"""scripts/test-tools, which `make test` runs first: it installs Chromium, LibreOffice and poppler when missing (as root with
apt-get) or stops with the command to run. Run here with a PATH of stand-ins, so nothing is installed for real."""

import subprocess
from pathlib import Path

from django.conf import settings

from tests.tools import PACKAGES

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "test-tools"
EVERY_PACKAGE = [package for packages in PACKAGES.values() for package in packages]


def _program(path: Path, body: str = "exit 0") -> None:
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def _machine(tmp_path, *, uid: int, apt: bool, installed: bool) -> Path:
    """A bin directory holding the few commands the script uses, a stand-in id, and apt-get that logs its
    arguments and "installs" the programs."""
    bin_dir = tmp_path / "bin"
    office = tmp_path / "libreoffice" / "program"
    bin_dir.mkdir()
    office.mkdir(parents=True)
    for command in ("dirname", "readlink"):
        (bin_dir / command).symlink_to(subprocess.check_output(["sh", "-c", f"command -v {command}"], text=True).strip())
    _program(bin_dir / "id", f"echo {uid}")

    def install() -> str:
        return (
            f"printf '#!/bin/sh\\n' > {bin_dir}/chromium; chmod +x {bin_dir}/chromium; "
            f"printf '#!/bin/sh\\n' > {office}/soffice; chmod +x {office}/soffice; "
            f"ln -sf {office}/soffice {bin_dir}/soffice; touch {office}/libsclo.so {office}/libswlo.so; "
            f"printf '#!/bin/sh\\n' > {bin_dir}/pdftotext; chmod +x {bin_dir}/pdftotext"
        )

    if apt:
        body = f'PATH=/usr/bin:/bin\necho "$*" >> {tmp_path}/apt.log\ncase "$1" in install) {install()};; esac'
        _program(bin_dir / "apt-get", body)
    if installed:
        subprocess.run(["sh", "-c", install()], check=True)
    return bin_dir


def _run(bin_dir: Path):
    return subprocess.run(["/bin/sh", str(SCRIPT)], env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=30)


def test_test_tools_installs_missing_packages_as_root_with_apt(tmp_path):
    bin_dir = _machine(tmp_path, uid=0, apt=True, installed=False)

    result = _run(bin_dir)

    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "apt.log").read_text().splitlines() == [
        "update -q",
        "install -y -q --no-upgrade " + " ".join(EVERY_PACKAGE),
    ]
    assert (bin_dir / "chromium").exists()


def test_test_tools_stops_with_the_command_when_not_root(tmp_path):
    bin_dir = _machine(tmp_path, uid=1000, apt=True, installed=False)

    result = _run(bin_dir)

    assert result.returncode == 1
    assert "apt-get update && apt-get install -y -q --no-upgrade " + " ".join(EVERY_PACKAGE) in result.stderr
    assert not (tmp_path / "apt.log").exists()


def test_test_tools_stops_with_the_command_without_apt(tmp_path):
    bin_dir = _machine(tmp_path, uid=0, apt=False, installed=False)

    result = _run(bin_dir)

    assert result.returncode == 1
    assert "apt-get install -y -q --no-upgrade chromium libreoffice-calc-nogui" in result.stderr


def test_test_tools_does_nothing_when_everything_is_there(tmp_path):
    bin_dir = _machine(tmp_path, uid=0, apt=True, installed=True)

    result = _run(bin_dir)

    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert not (tmp_path / "apt.log").exists()


def test_test_tools_installs_writer_when_only_calc_is_there(tmp_path):
    bin_dir = _machine(tmp_path, uid=0, apt=True, installed=True)
    (tmp_path / "libreoffice" / "program" / "libswlo.so").unlink()

    result = _run(bin_dir)

    assert result.returncode == 0
    assert (tmp_path / "apt.log").read_text().splitlines()[-1] == "install -y -q --no-upgrade libreoffice-writer-nogui"
