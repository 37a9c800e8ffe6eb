"""README.md and docs/ stand alone: everything a user or a new developer needs is in the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = re.compile(r"\.\./shared|DESIGN\.md|\bseeds?\b(?!\.py)|§\s*\d", re.IGNORECASE)


def documentation() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_readme_and_docs_point_at_nothing_outside_the_repository():
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in documentation()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert found == []


def test_docs_explain_the_workflow_the_roles_and_the_reports():
    pages = {path.name: path.read_text() for path in documentation()}
    assert {"workflow.md", "roles.md", "reports.md"} <= pages.keys()
    assert "Bị trả lại" in pages["workflow.md"] and "change_status" in pages["workflow.md"]
    assert "province staff" in pages["roles.md"] and "can_edit_in_area" in pages["roles.md"]
    assert "effective ≤ active ≤ registered" in pages["reports.md"]


def test_links_between_readme_and_docs_lead_to_files_that_exist():
    for path in documentation():
        for target in re.findall(r"\]\(([^)#]+\.(?:md|png))\)", path.read_text()):
            assert (path.parent / target).exists(), f"{path.name} links to {target}"
