"""Hostile input never gives a 500 (issue 8, point 5).

Every form page gets random and hostile values (very long text, control characters with NUL, HTML and
script, SQL fragments, huge and negative numbers, impossible dates, NFD text), mixed with valid values so
that some posts get past the form into the domain rules. Every answer must be a page with a message or a
success (200/302/400/403/404), and a script payload echoed back must be escaped. Each example runs in a
savepoint that is rolled back, so examples do not depend on each other. List and report pages get hostile
query strings the same way. HOSTILE_EXAMPLES=200 in the environment searches deeper (default 20 per page).
"""

import os
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from models_registry.awards.models import AwardForm
from models_registry.imports.models import ImportJob
from models_registry.initiatives.domain import CONTENT_FIELDS, RESULT_FIELDS
from models_registry.initiatives.models import Field, Initiative, Phase
from models_registry.units.models import Unit
from reports.enums import PeriodKind, ReportStatus
from reports.models import ActivityIndicator
from tests.factories import InitiativeFactory
from tests.factories_awards import (
    AwardProposalFactory,
    CriteriaSetFactory,
    ProposalItemFactory,
    RecognitionFactory,
    YearlyReviewFactory,
    level,
)
from tests.factories_imports import csv_bytes, xlsx_bytes
from tests.factories_initiatives import PDF_BYTES
from tests.factories_reports import PeriodReportFactory, ReportPeriodFactory

ANSWERS = {200, 302, 400, 403, 404}
SCRIPT = '<script>alert("dvk")</script>'
IMG = '<img src=x onerror=alert("dvk")>'
RAW_PAYLOADS = ('<script>alert("dvk")', "<img src=x onerror")
NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hoà, xã Đặng Xá, huyện Gia Lâm")


class Long(str):
    """100,000 characters that print short in Hypothesis' reports."""

    def __repr__(self):
        return f"Long({len(self)})"


CONTROL_CHARACTER = "\x00"
LONG = Long(("Dân vận khéo trong hiến đất mở đường. " * 2700)[:100_000])

HOSTILE = [
    "",
    " ",
    LONG,
    "\x00",
    "Mô hình\x00dân vận",
    "\x01\x02\x08\x0b\x0c\x1b\x1f\x7f\x85",
    "dòng 1\r\ndòng 2\tcột",
    SCRIPT,
    IMG,
    '"><svg onload=alert(1)>',
    "'; DROP TABLE initiatives_initiative; --",
    "1' OR '1'='1",
    "%_\\%",
    "{{ 7|add:7 }}{% debug %}",
    '=HYPERLINK("http://x")',
    "9" * 40,
    "-1",
    "-9223372036854775809",
    "9223372036854775808",
    "1e309",
    "²",  # a digit to str.isdigit, not to int
    "١٢٣",  # Arabic-Indic digits: int reads them, Postgres would not
    "NaN",
    "-0",
    "1.234.567,89",
    "31/02/2025",
    "99/99/9999",
    "00/00/0000",
    "29/02/2023",
    "2025-02-31",
    "31/12/99999",
    NFD,
    "\u202egpj.exe",
    "😀👍",
    "\ufeff\u200b",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)


HOSTILE_SETTINGS = settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "20")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check_answer(client, response, *, follow=True):
    """A page with a message or a success; never a 500; script payloads never raw. Follows one redirect."""
    assert response.status_code in ANSWERS, f"answered {response.status_code}"
    if not response.streaming and "html" in response.get("Content-Type", ""):
        body = response.content.decode()
        assert [p for p in RAW_PAYLOADS if p in body] == []
        if response.request["REQUEST_METHOD"] == "POST":
            assert unshown_errors(response, body) == []
    if follow and response.status_code == 302 and response.url.startswith("/"):
        check_answer(client, client.get(response.url), follow=False)


def bound_forms(response) -> list:
    """The bound forms of the page's context, the forms of a formset one by one."""
    values = [v for c in response.context or [] for v in (c.flatten() if hasattr(c, "flatten") else dict(c)).values()]
    forms = [f for v in values if isinstance(v, BaseFormSet) and v.is_bound for f in v.forms]
    return forms + [v for v in values if isinstance(v, BaseForm) and v.is_bound]


def unshown_errors(response, body) -> list[str]:
    """Messages of a refused post that its page does not show, for the fields the page draws (and the whole form)."""
    unshown = []
    for form in bound_forms(response):
        for name, messages in form.errors.items():
            drawn = name == NON_FIELD_ERRORS or f'name="{form.add_prefix(name)}"' in body
            unshown += [f"{name}: {m}" for m in messages if drawn and escape(m) not in body]
    return unshown


def post_and_check(client, url, data):
    """Post inside a savepoint that is rolled back: every example starts from the same data."""
    with transaction.atomic():
        check_answer(client, client.post(url, data))
        transaction.set_rollback(True)


# --- objects ---------------------------------------------------------------------------------------------


class Objects:
    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@pytest.fixture
def draft_a(unit_a, officer_a):
    return InitiativeFactory(unit=unit_a, created_by=officer_a, name="Dân vận khéo trong hiến đất làm đường")


@pytest.fixture
def submitted_a(unit_a, officer_a):
    return InitiativeFactory(unit=unit_a, created_by=officer_a, status="submitted", name="Dân vận khéo dọn vệ sinh")


@pytest.fixture
def in_progress_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="in_progress", name="Dân vận khéo trong xây dựng nông thôn mới")


@pytest.fixture
def recognition_a(unit_a, office_province, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    initiative = InitiativeFactory(unit=unit_a, status="recognised", name="Dân vận khéo bảo vệ môi trường")
    return RecognitionFactory(initiative=initiative, level=level("tinh"), office=office_province)


@pytest.fixture
def criteria_set(db):
    return CriteriaSetFactory(criteria=[30, 30, 40])


@pytest.fixture
def review_a(in_progress_a):
    return YearlyReviewFactory(initiative=in_progress_a, year=2025, rating="ineffective")


@pytest.fixture
def proposal_a(office_a):
    return AwardProposalFactory(office=office_a)


@pytest.fixture
def sent_proposal(office_a, recognition_a):
    proposal = AwardProposalFactory(office=office_a, status="sent", sent_at=timezone.now())
    ProposalItemFactory(proposal=proposal, initiative=recognition_a.initiative)
    return proposal


@pytest.fixture
def period_p(province):
    return ReportPeriodFactory(area=province, kind=PeriodKind.FIRST_HALF, year=2025)


@pytest.fixture
def report_a(period_p, office_a, officer_a):
    return PeriodReportFactory(
        office=office_a, period=period_p, status=ReportStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=officer_a
    )


# --- the form pages --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormPage:
    """Who posts where; a valid post (built from the test's objects); strategies for fields that need their own."""

    user: str | None
    url: Any  # callable(objects) -> str
    valid: Any  # callable(objects) -> {name: value}
    special: Any = None  # callable(objects) -> {name: strategy}, e.g. files


def hostile_posts(valid: dict, special: dict):
    """Mostly a valid post with one to three fields made hostile (so the post gets past the other fields),
    sometimes any mix of fields, each valid or hostile."""
    strategies = {name: special.get(name, hostile_text) for name in valid.keys() | special.keys()}

    def spoil(chosen):
        kept = {name: st.just(value) for name, value in valid.items() if name not in chosen}
        return st.fixed_dictionaries({**kept, **{name: strategies[name] for name in chosen}})

    anything = {
        name: st.one_of(st.just(valid[name]), strategies[name]) if name in valid else strategies[name] for name in strategies
    }
    return st.one_of(
        st.lists(st.sampled_from(sorted(strategies)), min_size=1, max_size=3, unique=True).flatmap(spoil),
        st.fixed_dictionaries({}, optional=anything),
    )


def unit_post(o):
    return {
        "code": "GL-MOI-01",
        "name": "UBND xã Kim Sơn",
        "kind": "commune",
        "area": o.commune_a.pk,
        "address": "Thôn 1, xã Kim Sơn",
        "contact_name": "Nguyễn Văn An",
        "phone": "0912 345 678",
        "email": "kimson@example.vn",
    }


def initiative_post(o):
    post = {
        "kind": "exemplar",
        "name": "Dân vận khéo trong vận động hiến đất làm đường",
        "unit": o.unit_a.pk,
        "field": Field.objects.get(code="kinh-te").pk,
        "phase": Phase.objects.get(name="2021–2025").pk,
        "registered_on": "15/03/2025",
        "started_on": "01/04/2025",
        "action": "submit",
        "person_name": "Nguyễn Thị Hoa",
        "person_position": "Bí thư chi bộ thôn",
        "person_contact": "0912 000 111",
    }
    post.update({name: "Vận động nhân dân cùng làm, cùng hưởng." for name in CONTENT_FIELDS})
    post.update({name: "1.250.000" for name in RESULT_FIELDS})
    return post


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    """A file under any name the browser could send (Django's test client needs a last path part)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return SimpleUploadedFile(name if name.strip(". ") else f"x{name}.pdf", data)


def evidence_files(o):
    names = st.one_of(st.sampled_from(["bien-ban.pdf", "anh.png", "x.exe", "..\\..\\a.pdf", "a\x00b.pdf"]), hostile_text)
    data = st.one_of(st.just(PDF_BYTES), st.binary(max_size=200))
    return {"files": st.builds(upload, data, names), "remove_files": hostile_text}


def move_page(user, initiative, move):
    return FormPage(
        user,
        lambda o: reverse("initiatives:move", args=[getattr(o, initiative).pk, move]),
        lambda o: {"note": "Hồ sơ chưa đủ biên bản họp dân."},
    )


def score_post(o):
    post = {"criteria_set": o.criteria_set.pk, "overall_comment": "Mô hình hiệu quả."}
    for criterion in o.criteria_set.criteria.all():
        post[f"points_{criterion.pk}"] = "20,5"
        post[f"comment_{criterion.pk}"] = "Đạt yêu cầu."
    return post


def review_post(o):
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-initiative": o.in_progress_a.pk,
        "form-0-rating": "needs_strengthening",
        "form-0-note": "Cần duy trì sinh hoạt định kỳ.",
    }


def decision_post(o):
    return {"level": level("tinh").pk, "decision_no": "125-QĐ/BDVTU", "decided_on": "15/05/2025", "signer": "Nguyễn Văn Bình"}


def award_post(o):
    return {
        **decision_post(o),
        "award_form": AwardForm.objects.filter(recipient_kind="collective").first().pk,
        "year": "2025",
        "issuer": "Ban Dân vận Tỉnh ủy",
        "initiative": o.recognition_a.initiative_id,
    }


def decide_post(o):
    post = {"decision_no": "12-QĐ/KT", "decided_on": "02/09/2025", "issuer": "UBND tỉnh", "signer": "Trần Thị Hoa"}
    for item in o.sent_proposal.items.all():
        post[f"outcome_{item.pk}"] = "awarded"
        post[f"reason_{item.pk}"] = ""
    return post


def period_post(o):
    return {"kind": PeriodKind.YEAR, "year": "2025", "start": "", "end": "", "due_on": "15/12/2025", "phase": ""}


def report_post(o):
    post = {
        "results": "Đã xây dựng 12 mô hình.",
        "shortcomings": "Còn hình thức.",
        "directions": "Nhân rộng.",
        "action": "submit",
    }
    for indicator in ActivityIndicator.objects.filter(is_active=True):
        post[f"indicator_{indicator.pk}"] = "12"
    return post


def import_file(o):
    header = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa bàn"]
    cells = st.lists(st.one_of(st.sampled_from(["GL-01", "Xã/phường/thị trấn", "Đặng Xá"]), hostile_text), min_size=4, max_size=4)
    rows = st.lists(cells, min_size=1, max_size=3).map(lambda body: [header, *body])
    content = st.one_of(
        rows.map(lambda r: xlsx_bytes([[ILLEGAL_CHARACTERS_RE.sub("", c) for c in row] for row in r])),
        rows.map(csv_bytes),
        st.binary(max_size=300),
        st.just(PDF_BYTES),
    )
    names = st.one_of(st.sampled_from(["don-vi.xlsx", "don-vi.csv", "../../etc/passwd.xlsx", "a\x00b.csv"]), hostile_text)
    return {"file": st.builds(upload, content, names)}


def valid_import_file(o):
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa bàn"],
        ["GL-MOI", "UBND xã Mới", "Xã/phường/thị trấn", o.commune_a.name],
    ]
    return {"file": SimpleUploadedFile("don-vi.csv", csv_bytes(rows))}


VALID_FILES = {"imports:index": valid_import_file}

FORM_PAGES = {
    "units:create": FormPage("officer_a", lambda o: reverse("units:create"), unit_post),
    "units:edit": FormPage("officer_a", lambda o: reverse("units:edit", args=[o.unit_a.pk]), unit_post),
    "initiatives:create": FormPage("officer_a", lambda o: reverse("initiatives:create"), initiative_post),
    "initiatives:create with files": FormPage(
        "officer_a", lambda o: reverse("initiatives:create"), initiative_post, evidence_files
    ),
    "initiatives:edit": FormPage(
        "officer_a", lambda o: reverse("initiatives:edit", args=[o.draft_a.pk]), initiative_post, evidence_files
    ),
    "initiatives:move return": move_page("province_staff", "submitted_a", "return"),
    "initiatives:move reject": move_page("province_staff", "submitted_a", "reject"),
    "initiatives:move discontinue": move_page("officer_a", "in_progress_a", "discontinue"),
    "initiatives:replicate": FormPage(
        "officer_a", lambda o: reverse("initiatives:replicate", args=[o.in_progress_a.pk]), lambda o: {"unit": o.unit_a.pk}
    ),
    "evaluations:score": FormPage(
        "province_staff", lambda o: reverse("evaluations:score", args=[o.in_progress_a.pk]), score_post
    ),
    "evaluations:reviews": FormPage("officer_a", lambda o: reverse("evaluations:reviews") + "?year=2025", review_post),
    "evaluations:review_discontinue": FormPage(
        "officer_a",
        lambda o: reverse("evaluations:review_discontinue", args=[2025, o.review_a.initiative_id]),
        lambda o: {"reason": "Mô hình không còn hoạt động."},
    ),
    "awards:recognise": FormPage(
        "province_staff", lambda o: reverse("awards:recognise", args=[o.in_progress_a.pk]), decision_post
    ),
    "awards:revoke": FormPage(
        "province_staff",
        lambda o: reverse("awards:revoke", args=[o.recognition_a.pk]),
        lambda o: {**decision_post(o), "reason": "Quyết định ghi sai cấp.", "replace": "on"},
    ),
    "awards:outstanding_mark": FormPage(
        "province_staff",
        lambda o: reverse("awards:outstanding_mark", args=[o.recognition_a.initiative_id]),
        lambda o: {"year": "2025", "note": "Tiêu biểu năm 2025."},
    ),
    "awards:create": FormPage("province_staff", lambda o: reverse("awards:create"), award_post),
    "awards:proposal_create": FormPage(
        "officer_a",
        lambda o: reverse("awards:proposal_create"),
        lambda o: {
            "title": "Đề nghị khen thưởng năm 2025",
            "award_form": AwardForm.objects.filter(recipient_kind="collective").first().pk,
            "year": "2025",
            "note": "",
        },
    ),
    "awards:proposal_add_item": FormPage(
        "officer_a",
        lambda o: reverse("awards:proposal_add_item", args=[o.proposal_a.pk]),
        lambda o: {"initiative": o.recognition_a.initiative_id, "unit": ""},
    ),
    "awards:proposal_decide": FormPage(
        "province_staff", lambda o: reverse("awards:proposal_decide", args=[o.sent_proposal.pk]), decide_post
    ),
    "reports:period_create": FormPage("province_staff", lambda o: reverse("reports:period_create"), period_post),
    "reports:period_edit": FormPage(
        "province_staff",
        lambda o: reverse("reports:period_edit", args=[o.period_p.pk]),
        lambda o: {"start": "01/01/2025", "end": "30/06/2025", "due_on": "20/07/2025"},
    ),
    "reports:my_report": FormPage("officer_a", lambda o: reverse("reports:my_report", args=[o.period_p.pk]), report_post),
    "reports:report_return": FormPage(
        "province_staff",
        lambda o: reverse("reports:report_return", args=[o.report_a.pk]),
        lambda o: {"reason": "Thiếu số liệu giám sát."},
    ),
    "imports:index": FormPage("province_staff", lambda o: reverse("imports:index"), lambda o: {"kind": "units"}, import_file),
    "login": FormPage(None, lambda o: reverse("login"), lambda o: {"username": o.officer_a.username, "password": "matkhau-123"}),
    "password_reset": FormPage(None, lambda o: reverse("password_reset"), lambda o: {"email": o.officer_a.email}),
    "password_change": FormPage(
        "officer_a",
        lambda o: reverse("password_change"),
        lambda o: {"old_password": "matkhau-123", "new_password1": "Mat-khau-moi-2025", "new_password2": "Mat-khau-moi-2025"},
    ),
}


class Target:
    """A signed-in client, a URL and the strategy of what to send there (printed as its URL only)."""

    def __init__(self, client, url, strategy):
        self.client, self.url, self.strategy = client, url, strategy

    def __repr__(self):
        return f"Target({self.url})"


@pytest.fixture
def form_page(request, client, settings, tmp_path, db):
    """The parametrised form page: its user's client, its URL, a strategy of post data."""
    settings.MEDIA_ROOT = tmp_path
    page = FORM_PAGES[request.param]
    objects = Objects(request)
    url = page.url(objects)
    strategy = hostile_posts(page.valid(objects), page.special(objects) if page.special else {})
    if page.user:
        client.force_login(request.getfixturevalue(page.user))
    return Target(client, url, strategy)


@pytest.mark.parametrize("form_page", list(FORM_PAGES), indirect=True)
def test_valid_post_of_each_form_page_is_accepted(form_page, request):
    """The base of the hostile posts really passes: one spoilt field then tests that field, not an already-refused post."""
    page = FORM_PAGES[request.node.callspec.params["form_page"]]
    data = page.valid(Objects(request))
    if request.node.callspec.params["form_page"] in VALID_FILES:
        data.update(VALID_FILES[request.node.callspec.params["form_page"]](Objects(request)))

    response = form_page.client.post(form_page.url, data)

    assert (response.status_code, getattr(response, "url", "").startswith("/accounts/login/")) == (302, False)


@pytest.mark.parametrize("form_page", list(FORM_PAGES), indirect=True)
@HOSTILE_SETTINGS
@given(data=st.data())
def test_form_answers_hostile_posts_without_server_error(form_page, data):
    post_and_check(form_page.client, form_page.url, data.draw(form_page.strategy))


# --- hostile query strings on list and report pages ------------------------------------------------------

LIST_PAGES = {
    "units:list": ("officer_a", lambda o: reverse("units:list"), ["q", "area", "kind", "is_active"]),
    "initiatives:list": (
        "officer_a",
        lambda o: reverse("initiatives:list"),
        ["q", "area", "unit_kind", "unit", "kind", "field", "phase", "status", "year", "recognised"],
    ),
    "initiatives:review_queue": ("province_staff", lambda o: reverse("initiatives:review_queue"), ["q", "kind", "field"]),
    "initiatives:similar": ("officer_a", lambda o: reverse("initiatives:similar"), ["name", "unit", "exclude"]),
    "initiatives:showcase": (
        None,
        lambda o: reverse("initiatives:showcase"),
        ["q", "page", "province", "field", "level", "year", "unit_kind"],
    ),
    "evaluations:list": ("province_staff", lambda o: reverse("evaluations:list"), ["q", "criteria_set", "status", "year"]),
    "evaluations:reviews": ("officer_a", lambda o: reverse("evaluations:reviews"), ["year", "q", "area", "status", "rating"]),
    "awards:list": (
        "province_staff",
        lambda o: reverse("awards:list"),
        ["q", "area", "award_form", "recipient", "year", "decided_year"],
    ),
    "awards:recognitions": (
        "province_staff",
        lambda o: reverse("awards:recognitions"),
        ["q", "area", "level", "kind", "state", "year", "outstanding"],
    ),
    "awards:proposals": ("officer_a", lambda o: reverse("awards:proposals"), ["q", "status", "award_form", "year"]),
    "reports:registry": (
        "province_staff",
        lambda o: reverse("reports:registry", args=[o.period_p.pk]),
        ["area", "kind", "field"],
    ),
    "reports:records": (
        "province_staff",
        lambda o: reverse("reports:records", args=[o.period_p.pk]),
        ["figure", "area", "child", "unit_kind", "cell_kind", "cell_field", "prev", "kind", "field", "page"],
    ),
    "imports:index": ("officer_a", lambda o: reverse("imports:index"), []),
    "pickers:units": ("officer_a", lambda o: reverse("pickers:units"), ["unit-search", "q"]),
    "pickers:models": ("province_staff", lambda o: reverse("pickers:models"), ["initiative-search", "group"]),
    "pickers:areas": ("officer_a", lambda o: reverse("pickers:areas"), ["area-search"]),
}
LIST_EXTRAS = ["page", "sort", "per_page", "export"]


@pytest.fixture
def list_page(request, client, db):
    """The parametrised list page: its user's client, its URL, a strategy of query strings."""
    user, url, params = LIST_PAGES[request.param]
    objects = Objects(request)
    url = url(objects)
    if user:
        client.force_login(request.getfixturevalue(user))
    valid = ["0", "1", "2025", "xlsx", "registered", "recognised_total", "commune", objects.unit_a.pk, objects.commune_a.pk]
    values = st.one_of(hostile_text, st.sampled_from([str(v) for v in valid]))
    return Target(client, url, st.dictionaries(st.sampled_from(params + LIST_EXTRAS), values, max_size=5))


@pytest.mark.parametrize("list_page", list(LIST_PAGES), indirect=True)
@HOSTILE_SETTINGS
@given(data=st.data())
def test_list_answers_hostile_query_without_server_error(list_page, data):
    check_answer(list_page.client, list_page.client.get(list_page.url, data.draw(list_page.strategy)))


# --- the clear messages, one by one ----------------------------------------------------------------------

CONTROL_MESSAGE = "ký tự điều khiển"


def test_nul_in_unit_name_is_refused_with_vietnamese_message(client_for, officer_a, commune_a):
    data = {"code": "GL-NUL", "name": "UBND xã\x00 Đặng Xá", "kind": "commune", "area": commune_a.pk}

    response = client_for(officer_a).post(reverse("units:create"), data)

    assert (response.status_code, CONTROL_MESSAGE in response.content.decode()) == (200, True)
    assert Unit.objects.filter(code="GL-NUL").exists() is False


def test_control_character_in_criterion_comment_is_refused(client_for, province_staff, in_progress_a, criteria_set):
    criterion = criteria_set.criteria.first()
    data = {"criteria_set": criteria_set.pk, f"points_{criterion.pk}": "20", f"comment_{criterion.pk}": "Tốt\x1b[31m"}

    response = client_for(province_staff).post(reverse("evaluations:score", args=[in_progress_a.pk]), data)

    assert (response.status_code, CONTROL_MESSAGE in response.content.decode()) == (200, True)
    assert in_progress_a.evaluations.count() == 0


def test_nul_in_public_search_is_ignored(client, unit_a):
    RecognitionFactory(
        initiative=InitiativeFactory(unit=unit_a, status="recognised", kind="model", name="Dân vận khéo giữ gìn vệ sinh")
    )

    response = client.get(reverse("initiatives:showcase"), {"q": "vệ\x00 sinh"})

    assert (response.status_code, "Dân vận khéo giữ gìn vệ sinh" in response.content.decode()) == (200, True)


def test_nul_in_similar_name_check_answers_without_error(client_for, officer_a, unit_a):
    InitiativeFactory(unit=unit_a, name="Dân vận khéo giữ gìn vệ sinh")

    response = client_for(officer_a).get(
        reverse("initiatives:similar"), {"name": "Dân vận khéo giữ gìn\x00 vệ sinh", "unit": unit_a.pk}
    )

    assert (response.status_code, "Dân vận khéo giữ gìn vệ sinh" in response.content.decode()) == (200, True)


@pytest.mark.parametrize("per_page", ["-1", "0", "1000000"])
def test_page_size_from_the_url_stays_within_bounds(client_for, officer_a, unit_a, per_page):
    response = client_for(officer_a).get(reverse("units:list"), {"per_page": per_page})

    paginator = response.context["table"].paginator
    assert (response.status_code, 1 <= paginator.per_page <= 200) == (200, True)


@pytest.mark.parametrize("year", ["0", "-1", "99999999999999999999"])
def test_impossible_year_in_list_filter_gives_empty_list_not_error(client_for, province_staff, year):
    response = client_for(province_staff).get(reverse("awards:list"), {"decided_year": year})

    assert (response.status_code, response.context["filter"].is_valid()) == (200, False)


def test_login_with_huge_username_is_refused_with_a_message(client, db):
    response = client.post(reverse("login"), {"username": "a" * 100_000, "password": "x"})

    assert (response.status_code, "tối đa 150 kí tự" in response.content.decode()) == (200, True)


def test_proposal_year_beyond_this_year_is_refused_not_stored(client_for, officer_a):
    award_form = AwardForm.objects.filter(recipient_kind="collective").first()
    data = {"title": "Đề nghị", "award_form": award_form.pk, "year": "9223372036854775808"}

    response = client_for(officer_a).post(reverse("awards:proposal_create"), data)

    assert (response.status_code, response.context["form"].has_error("year", "max_value")) == (200, True)


def test_review_formset_with_a_missing_row_is_not_found_not_error(client_for, officer_a, in_progress_a):
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0", "form-0-initiative": in_progress_a.pk, "form-0-rating": ""}

    response = client_for(officer_a).post(reverse("evaluations:reviews") + "?year=2025", data)

    assert (response.status_code, in_progress_a.yearly_reviews.count()) == (404, 0)


def test_tabs_and_line_breaks_are_kept(client_for, officer_a, unit_a):
    data = {"kind": "model", "name": "Mô hình có dòng", "unit": unit_a.pk, "situation": "Dòng 1\r\nDòng 2\tcột"}

    response = client_for(officer_a).post(reverse("initiatives:create"), data)

    initiative = Initiative.objects.get(name="Mô hình có dòng")
    assert (response.status_code, initiative.situation) == (302, "Dòng 1\r\nDòng 2\tcột")


def test_script_in_model_name_is_shown_escaped_on_its_page(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    client.post(reverse("initiatives:create"), {"kind": "model", "name": SCRIPT, "unit": unit_a.pk})
    initiative = Initiative.objects.get(name=SCRIPT)

    page = client.get(initiative.get_absolute_url()).content.decode()

    assert (SCRIPT in page, "&lt;script&gt;alert(&quot;dvk&quot;)&lt;/script&gt;" in page) == (False, True)


def test_script_in_refused_form_is_echoed_escaped(client_for, officer_a, commune_a):
    data = {"code": "", "name": IMG, "kind": "commune", "area": commune_a.pk}

    page = client_for(officer_a).post(reverse("units:create"), data).content.decode()

    assert (IMG in page, 'value="&lt;img src=x onerror=alert(&quot;dvk&quot;)&gt;"' in page) == (False, True)


def test_nfd_name_is_stored_nfc(client_for, officer_a, commune_a):
    client_for(officer_a).post(reverse("units:create"), {"code": "GL-NFD", "name": NFD, "kind": "commune", "area": commune_a.pk})

    assert Unit.objects.get(code="GL-NFD").name == unicodedata.normalize("NFC", NFD)


def test_impossible_dates_are_refused_with_a_message(client_for, officer_a, unit_a):
    data = {"kind": "model", "name": "Mô hình ngày sai", "unit": unit_a.pk, "registered_on": "31/02/2025"}

    response = client_for(officer_a).post(reverse("initiatives:create"), data)

    assert (response.status_code, Initiative.objects.filter(name="Mô hình ngày sai").exists()) == (200, False)
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "ngày hợp lệ" in response.content.decode()


def test_import_file_with_nul_and_script_cells_previews_escaped(client_for, province_staff, commune_a):
    rows = [["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Địa bàn"], ["GL-X\x00", SCRIPT, "Xã/phường/thị trấn", "Đặng Xá\x00"]]
    client = client_for(province_staff)

    response = client.post(reverse("imports:index"), {"kind": "units", "file": SimpleUploadedFile("don-vi.csv", csv_bytes(rows))})
    page = client.get(response.url).content.decode() if response.status_code == 302 else response.content.decode()

    assert (response.status_code, SCRIPT in page) == (302, False)


# --- hostile query strings on every form page (issue 12) --------------------------------------------------

QUERY_NAMES = ["initiative", "set", "year", "page", "q", "next", "unit", "kind", "show", "action", "criteria_set", "once"]


@pytest.mark.parametrize("form_page", list(FORM_PAGES), indirect=True)
@HOSTILE_SETTINGS
@given(data=st.data())
def test_form_page_answers_hostile_query_strings_without_server_error(form_page, data):
    """The page drawn with any query string, and a valid-looking post sent to it with one: a page or a message."""
    query = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), hostile_text, min_size=1, max_size=4))
    drawn = form_page.client.get(form_page.url, query)
    if drawn.status_code != 405:  # a POST-only page (a move, a mark) has no page to draw
        check_answer(form_page.client, drawn)
    post_and_check(form_page.client, f"{form_page.url}?{urlencode(query)}", data.draw(form_page.strategy))


# --- hostile cells in import files, through check and confirm (issue 12) ----------------------------------

HOSTILE_CELLS = ["\x00", "Mô hình\x00 A", "\x01\x02\x1b[31m\x7f", LONG, "=cmd|' /C calc'!A0", "'; DROP TABLE x; --", NFD]
IMPORT_HEADER = ["Mã mô hình", "Tên mô hình", "Đơn vị", "Trạng thái", "Mục tiêu", "Số tiền huy động", "Ngày đăng ký"]


def import_rows(o):
    good = ["GL-01", "Dân vận khéo trong hiến đất", "GL-DANGXA", "Nháp", "Mở rộng đường", "1.250.000", "15/03/2024"]
    cell = st.one_of(st.sampled_from(HOSTILE_CELLS), hostile_text)
    spoilt = st.lists(st.tuples(st.integers(0, len(good) - 1), cell), min_size=1, max_size=3).map(
        lambda changes: [dict(changes).get(index, value) for index, value in enumerate(good)]
    )
    return st.lists(st.one_of(st.just(good), spoilt), min_size=1, max_size=3)


@pytest.mark.parametrize("file_kind", ["csv", "xlsx"])
@HOSTILE_SETTINGS
@given(data=st.data())
def test_hostile_import_cells_through_check_and_confirm_never_break(
    client_for, officer_a, unit_a, settings, tmp_path, file_kind, data
):
    settings.MEDIA_ROOT = tmp_path
    rows = data.draw(import_rows(None))
    if file_kind == "csv":
        content = csv_bytes([IMPORT_HEADER, *rows])
    else:  # Excel itself cannot hold these characters, nor more than 32.767 of them in a cell
        content = xlsx_bytes([IMPORT_HEADER, *[[ILLEGAL_CHARACTERS_RE.sub("", str(c))[:32_767] for c in r] for r in rows]])
    client = client_for(officer_a)
    with transaction.atomic():
        uploaded = client.post(reverse("imports:index"), {"kind": "initiatives", "file": upload(content, f"mo-hinh.{file_kind}")})
        check_answer(client, uploaded)
        job = ImportJob.objects.filter(user=officer_a).latest("pk")
        check_answer(client, client.post(reverse("imports:confirm", args=[job.pk]), {"skip_errors": "1"}))
        job.refresh_from_db()
        assert job.status in ("ready", "done", "failed"), job.status
        assert all(CONTROL_CHARACTER not in row.label for row in job.rows.all())
        transaction.set_rollback(True)
