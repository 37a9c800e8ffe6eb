"""The look (issue 18, item 4): the vendored font covers Vietnamese, the CSS tokens follow the status enums."""

import re
from pathlib import Path

from django.urls import reverse

from models_registry.initiatives.enums import Status

STATIC = Path(__file__).resolve().parents[2] / "static"
FONT = STATIC / "vendor" / "be-vietnam-pro-5.3.0"


def test_status_colour_tokens_are_the_badge_colours_of_the_status_enum():
    css = (STATIC / "css" / "app.css").read_text(encoding="utf-8")

    tokens = dict(re.findall(r"--dvk-status-(\w+): var\(--bs-(\w+)\);", css))

    assert tokens == {status.value: colour for status, colour in Status.badges().items()}


def test_vendored_font_covers_vietnamese_in_every_weight_it_declares():
    css = (FONT / "be-vietnam-pro.css").read_text(encoding="utf-8")
    faces = re.findall(
        r"font-weight: (\d+);\s+src: url\(\./files/([\w-]+\.woff2)\) format\('woff2'\);\s+unicode-range: ([^;]+);", css
    )

    vietnamese = {weight for weight, _file, ranges in faces if "U+1EA0-1EF9" in ranges}
    assert vietnamese == {"400", "600", "700"}
    assert all((FONT / "files" / file).stat().st_size > 1000 for _weight, file, _ranges in faces)
    assert "cdn" not in css.lower() and "http" not in css


def test_every_page_loads_the_font_from_our_own_static_files(client, db):
    page = client.get(reverse("login")).content.decode()

    assert 'href="/static/vendor/be-vietnam-pro-5.3.0/be-vietnam-pro.css"' in page


def test_lists_number_their_rows_and_show_sort_arrows(client_for, officer_a, unit_a):
    page = client_for(officer_a).get(reverse("units:list")).content.decode()

    assert '<th class="stt" scope="col">STT</th>' in page
    assert '<td class="stt">1</td>' in page
    assert 'class="orderable"' in page  # app.css draws ↕ on these, ▲ / ▼ on the sorted one
