"""Every named URL × every persona → the answer its view gives, read from the view (issue 8, point 1).

MATRIX below has one entry per named URL of the URL configuration (the admin site aside). Each entry
builds the URL's arguments for an object INSIDE district A (officer_a's area), says how to probe it, and
lists the expected status per persona in the order of ROLES:

    anonymous, officer_a (inside), officer_b (outside), province_staff, leader, admin_user

302 for the anonymous visitor means "sent to the login page"; a 302 for a signed-in user means any other
redirect (back to the object with a message, to the home page...). A new URL without an entry fails
`test_every_named_url_has_a_matrix_entry`, naming it.

Successor personas (issue 11): successor_officer works for xã Gia Lâm, which took over commune A whole (and
part of district A); neighbour_officer for xã Phù Đổng, which took only other parts of district A. The first
answers as officer_a on everything of commune A (it inherited it), the second as officer_b (a part of a divided
district is not inherited); SUCCESSOR_ANSWERS lists where they differ from that, for the objects of district A
itself (its office's proposals, periods, reports) and officer_a's own jobs.
"""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from danvan.exports.enums import ExportStatus
from danvan.exports.models import ExportJob
from models_registry.imports.models import ImportJob
from reports.enums import PeriodKind, ReportStatus
from tests.factories import InitiativeFactory
from tests.factories_awards import (
    AwardFactory,
    AwardProposalFactory,
    CriteriaSetFactory,
    EvaluationFactory,
    OutstandingFactory,
    ProposalItemFactory,
    RecognitionFactory,
    YearlyReviewFactory,
    level,
)
from tests.factories_initiatives import JPEG_BYTES, PDF_BYTES, EvidenceFileFactory
from tests.factories_reports import PeriodReportFactory, ReportPeriodFactory

ROLES = ("anonymous", "officer_a", "officer_b", "province_staff", "leader", "admin_user")
SUCCESSOR_ROLES = {"successor_officer": "officer_a", "neighbour_officer": "officer_b"}  # persona: answers as

# Auth views Django makes public on purpose (login_not_required): listed here, and probed like the rest.
PUBLIC_AUTH_VIEWS = {"login", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete"}


@dataclass(frozen=True)
class Probe:
    """How to reach one URL and what each persona gets (in the order of ROLES)."""

    expect: tuple[int, int, int, int, int, int]
    kwargs: Any = None  # callable(objects) -> URL kwargs
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)


def post(expect, kwargs=None, **data):
    return Probe(expect, kwargs, method="post", data=data)


# Columns:          anon  offA  offB  staff leader admin
SIGNED_IN = (302, 200, 200, 200, 200, 200)  # any signed-in user, nothing of an area in it
PUBLIC = (200, 200, 200, 200, 200, 200)
IN_SCOPE = (302, 200, 404, 200, 200, 200)  # an object of district A: everyone whose area holds it
EDITORS = (302, 200, 200, 200, 403, 403)  # officers and province staff (can_edit_registry)
EDITORS_IN_SCOPE = (302, 200, 404, 200, 403, 403)
REDIRECT_IN_SCOPE = (302, 302, 404, 302, 302, 302)  # POST whose refusal is a message on the object's page
OWNER_ONLY = (302, 200, 404, 404, 404, 404)  # officer_a's own import and export jobs
OFFICE_ONLY = (302, 302, 404, 403, 403, 403)  # POST on district A office's own record; others in scope: 403

MATRIX: dict[str, Probe] = {
    # --- site and auth ---------------------------------------------------------------------------
    "home": Probe(SIGNED_IN),
    "health": Probe(PUBLIC),
    "login": Probe((200, 302, 302, 302, 302, 302)),  # a signed-in user is sent home
    "logout": post((302, 302, 302, 302, 302, 302)),  # POST only (GET is 405)
    "password_change": Probe(SIGNED_IN),
    "password_change_done": Probe(SIGNED_IN),
    "password_reset": Probe(PUBLIC),
    "password_reset_done": Probe(PUBLIC),
    "password_reset_confirm": Probe(PUBLIC, lambda o: {"uidb64": "MQ", "token": "khong-hop-le"}),  # "invalid link" page
    "password_reset_complete": Probe(PUBLIC),
    # --- type-ahead pickers: every signed-in user, each answer narrowed to their area (tests/foundation/test_pickers.py) ----
    "pickers:units": Probe(SIGNED_IN),
    "pickers:models": Probe(SIGNED_IN),
    "pickers:areas": Probe(SIGNED_IN),
    # --- units -----------------------------------------------------------------------------------
    "units:list": Probe(SIGNED_IN),
    "units:create": Probe(EDITORS),
    "units:detail": Probe(IN_SCOPE, lambda o: {"pk": o.unit_a.pk}),
    "units:edit": Probe(EDITORS_IN_SCOPE, lambda o: {"pk": o.unit_a.pk}),
    "units:set_active": post((302, 302, 404, 302, 403, 403), lambda o: {"pk": o.unit_a.pk}),
    # --- models and exemplars --------------------------------------------------------------------
    "initiatives:list": Probe(SIGNED_IN),
    "initiatives:review_queue": Probe((302, 403, 403, 200, 403, 403)),  # province staff only
    "initiatives:create": Probe(EDITORS),
    "initiatives:similar": Probe(SIGNED_IN),
    "initiatives:showcase": Probe(PUBLIC),
    # public, whatever the area: a recognised model with its decision in force
    "initiatives:showcase_detail": Probe(PUBLIC, lambda o: {"pk": o.recognition_a.initiative_id}),
    "initiatives:showcase_photo": Probe(PUBLIC, lambda o: {"pk": o.photo_a.initiative_id, "file_pk": o.photo_a.pk}),
    # any editor may copy a model on show into their own area, wherever the model is
    "initiatives:showcase_replicate": Probe(EDITORS, lambda o: {"pk": o.recognition_a.initiative_id}),
    "initiatives:detail": Probe(IN_SCOPE, lambda o: {"pk": o.draft_a.pk}),
    "initiatives:edit": Probe(EDITORS_IN_SCOPE, lambda o: {"pk": o.draft_a.pk}),
    # A move the user may not make is a 403 with its reason (issue 12, item 12); a made one goes back to the page.
    "initiatives:move": post((302, 302, 404, 302, 403, 403), lambda o: {"pk": o.draft_a.pk, "move": "submit"}),
    "initiatives:replicate": Probe(EDITORS_IN_SCOPE, lambda o: {"pk": o.in_progress_a.pk}),  # its own page
    "initiatives:evidence": Probe(IN_SCOPE, lambda o: {"pk": o.evidence_a.initiative_id, "file_pk": o.evidence_a.pk}),
    "initiatives:evidence_public": post(
        (302, 302, 404, 302, 403, 403), lambda o: {"pk": o.photo_a.initiative_id, "file_pk": o.photo_a.pk}, public="1"
    ),
    # --- evaluations and yearly review -----------------------------------------------------------
    "evaluations:list": Probe(SIGNED_IN),
    "evaluations:detail": Probe(IN_SCOPE, lambda o: {"pk": o.evaluation_a.pk}),
    "evaluations:score": Probe((302, 403, 404, 200, 403, 403), lambda o: {"initiative_pk": o.evaluation_a.initiative_id}),
    "evaluations:criteria_sets": Probe(SIGNED_IN),
    "evaluations:criteria_set": Probe(SIGNED_IN, lambda o: {"pk": o.criteria_set.pk}),  # reference data, no area
    "evaluations:criteria_set_copy": post((302, 403, 403, 403, 403, 302), lambda o: {"pk": o.criteria_set.pk}),
    "evaluations:reviews": Probe(SIGNED_IN),
    "evaluations:review_discontinue": Probe(
        EDITORS_IN_SCOPE, lambda o: {"year": o.review_a.year, "initiative_pk": o.review_a.initiative_id}
    ),
    # --- recognitions, outstanding marks, proposals, awards --------------------------------------
    "awards:list": Probe(SIGNED_IN),
    "awards:create": Probe(EDITORS),
    "awards:award_file": Probe(IN_SCOPE, lambda o: {"pk": o.award_a.pk}),
    "awards:recognitions": Probe(SIGNED_IN),
    "awards:recognise": Probe(EDITORS_IN_SCOPE, lambda o: {"initiative_pk": o.in_progress_a.pk}),  # district level for A
    "awards:revoke": Probe(EDITORS_IN_SCOPE, lambda o: {"pk": o.recognition_a.pk}),  # a district-level decision
    "awards:certificate": Probe(IN_SCOPE, lambda o: {"pk": o.recognition_a.pk}),
    "awards:recognition_file": Probe(IN_SCOPE, lambda o: {"pk": o.recognition_a.pk}),
    "awards:outstanding_mark": post(REDIRECT_IN_SCOPE, lambda o: {"initiative_pk": o.recognition_a.initiative_id}),
    "awards:outstanding_unmark": post(REDIRECT_IN_SCOPE, lambda o: {"pk": o.outstanding_a.pk}),
    "awards:proposals": Probe(SIGNED_IN),
    "awards:proposal_create": Probe(EDITORS),
    "awards:proposal": Probe(IN_SCOPE, lambda o: {"pk": o.proposal_a.pk}),
    # Only the proposing office edits its draft: province staff see it but may not add to it.
    "awards:proposal_add_item": post((302, 200, 404, 403, 403, 403), lambda o: {"pk": o.proposal_a.pk}),
    # Only the proposing office works on its proposal: anyone else is refused with a 403 and the reason.
    "awards:proposal_remove_item": post(OFFICE_ONLY, lambda o: {"pk": o.item_a.proposal_id, "item_pk": o.item_a.pk}),
    "awards:proposal_send": post(OFFICE_ONLY, lambda o: {"pk": o.proposal_a.pk}),
    "awards:proposal_decide": post((302, 403, 404, 200, 403, 403), lambda o: {"pk": o.sent_proposal_a.pk}),
    # --- reports (the period belongs to district A; a province-wide period is shared by every district) ---
    "reports:index": Probe(SIGNED_IN),
    "reports:period_create": Probe((302, 403, 403, 200, 403, 200)),
    "reports:registry": Probe(IN_SCOPE, lambda o: {"pk": o.period_a.pk}),
    "reports:period_edit": Probe((302, 403, 404, 200, 403, 200), lambda o: {"pk": o.period_a.pk}),
    "reports:period_lock": post((302, 403, 404, 302, 403, 302), lambda o: {"pk": o.period_a.pk}),
    "reports:records": Probe(IN_SCOPE, lambda o: {"pk": o.period_a.pk}, query={"figure": "registered"}),
    "reports:my_report": Probe(
        (302, 200, 404, 302, 302, 302), lambda o: {"pk": o.period_a.pk}
    ),  # the province: its consolidation
    "reports:tracker": Probe((302, 403, 404, 200, 200, 200), lambda o: {"pk": o.period_a.pk}),
    "reports:consolidated": Probe((302, 403, 404, 200, 200, 200), lambda o: {"pk": o.period_a.pk}),
    "reports:report_detail": Probe(IN_SCOPE, lambda o: {"pk": o.report_a.pk}),
    "reports:report_return": post(REDIRECT_IN_SCOPE, lambda o: {"pk": o.report_a.pk}),
    "reports:report_accept": post((302, 403, 404, 302, 403, 403), lambda o: {"pk": o.report_a.pk}),  # reviewers only
    # --- imports and background exports ----------------------------------------------------------
    "imports:index": Probe(EDITORS),
    "imports:template": Probe(EDITORS, lambda o: {"kind": "units"}),
    "imports:job": Probe(OWNER_ONLY, lambda o: {"pk": o.import_job_a.pk}),
    "imports:progress": Probe(OWNER_ONLY, lambda o: {"what": "import", "pk": o.import_job_a.pk}),
    "imports:confirm": post((302, 302, 404, 404, 404, 404), lambda o: {"pk": o.import_job_a.pk}),
    "imports:cancel": post((302, 302, 404, 404, 404, 404), lambda o: {"pk": o.import_job_a.pk}),
    "exports:export": Probe(OWNER_ONLY, lambda o: {"pk": o.export_job_a.pk}),
    "exports:download": Probe(OWNER_ONLY, lambda o: {"pk": o.export_job_a.pk}),
}


# Where the successor personas' answers differ from officer_a's / officer_b's: (successor_officer, neighbour_officer).
DISTRICT_A_ONLY = (404, 404)  # district A's own records: the district was divided, so no commune inherits them
SUCCESSOR_ANSWERS: dict[str, tuple[int, int]] = {
    "awards:proposal": DISTRICT_A_ONLY,
    "awards:proposal_add_item": DISTRICT_A_ONLY,
    "awards:proposal_remove_item": DISTRICT_A_ONLY,
    "awards:proposal_send": DISTRICT_A_ONLY,
    "awards:proposal_decide": DISTRICT_A_ONLY,
    "awards:revoke": (403, 404),  # a district-level decision: a commune office revokes only commune-level ones
    "imports:job": DISTRICT_A_ONLY,  # officer_a's own jobs
    "imports:progress": DISTRICT_A_ONLY,
    "imports:confirm": DISTRICT_A_ONLY,
    "imports:cancel": DISTRICT_A_ONLY,
    "exports:export": DISTRICT_A_ONLY,
    "exports:download": DISTRICT_A_ONLY,
    "reports:registry": DISTRICT_A_ONLY,  # a period of district A
    "reports:records": DISTRICT_A_ONLY,
    "reports:my_report": DISTRICT_A_ONLY,
    "reports:period_edit": DISTRICT_A_ONLY,
    "reports:period_lock": DISTRICT_A_ONLY,
    "reports:tracker": DISTRICT_A_ONLY,
    "reports:consolidated": DISTRICT_A_ONLY,
    "reports:report_detail": DISTRICT_A_ONLY,
    "reports:report_return": DISTRICT_A_ONLY,
    "reports:report_accept": DISTRICT_A_ONLY,
}


def expected_answer(url_name: str, role: str) -> int:
    if role in SUCCESSOR_ROLES:
        if url_name in SUCCESSOR_ANSWERS:
            return SUCCESSOR_ANSWERS[url_name][list(SUCCESSOR_ROLES).index(role)]
        role = SUCCESSOR_ROLES[role]
    return MATRIX[url_name].expect[ROLES.index(role)]


def named_urls(patterns=None, namespace=""):
    """Every named URL of the configuration as `namespace:name`, the admin site left out."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
            if inner.split(":")[0] != "admin":
                names |= named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}".strip(":"))
    return names


def test_every_named_url_has_a_matrix_entry():
    urls = named_urls()

    missing = sorted(urls - MATRIX.keys())
    stale = sorted(MATRIX.keys() - urls)

    assert missing == [], f"URLs without an entry in tests/accounts/test_permission_matrix.py MATRIX: {', '.join(missing)}"
    assert stale == [], f"MATRIX entries for URLs that no longer exist: {', '.join(stale)}"


def test_public_auth_views_are_listed_as_public_in_the_matrix():
    answers = {name: MATRIX[name].expect[0] for name in PUBLIC_AUTH_VIEWS}

    assert answers == dict.fromkeys(PUBLIC_AUTH_VIEWS, 200)


@pytest.mark.parametrize(
    "client_role, expected",
    [("anonymous", 302), ("officer_a", 302), ("admin_user", 200)],
)
def test_admin_site_is_for_staff_only(client, request, client_role, expected):
    if client_role != "anonymous":
        client.force_login(request.getfixturevalue(client_role))

    response = client.get(reverse("admin:index"))

    redirected_to_admin_login = response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert (response.status_code, redirected_to_admin_login) == (expected, expected == 302)


# --- objects inside district A, each built only when a probe asks for it ------------------------------


class Objects:
    """`o.unit_a`, `o.draft_a`...: the fixture of that name, built on first use."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return self._request.getfixturevalue(name)


@pytest.fixture
def draft_a(unit_a, officer_a):
    return InitiativeFactory(unit=unit_a, created_by=officer_a, name="Dân vận khéo trong hiến đất làm đường")


@pytest.fixture
def in_progress_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="in_progress", name="Dân vận khéo trong xây dựng nông thôn mới")


@pytest.fixture
def recognised_a(unit_a):
    return InitiativeFactory(unit=unit_a, status="recognised", name="Dân vận khéo trong bảo vệ môi trường")


@pytest.fixture
def evidence_a(draft_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return EvidenceFileFactory(initiative=draft_a)


@pytest.fixture
def photo_a(recognition_a):
    """A photo of a model on show, marked public by its officer."""
    return EvidenceFileFactory(
        initiative=recognition_a.initiative, content_type="image/jpeg", is_public=True, file__data=JPEG_BYTES
    )


@pytest.fixture
def criteria_set(db):
    return CriteriaSetFactory()


@pytest.fixture
def evaluation_a(in_progress_a, criteria_set, province_staff):
    return EvaluationFactory(initiative=in_progress_a, criteria_set=criteria_set, evaluator=province_staff)


@pytest.fixture
def review_a(in_progress_a):
    return YearlyReviewFactory(initiative=in_progress_a, year=2025, rating="ineffective")


@pytest.fixture
def recognition_a(recognised_a, office_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recognition = RecognitionFactory(initiative=recognised_a, level=level("huyen"), office=office_a)
    recognition.file.save("quyet-dinh.pdf", ContentFile(PDF_BYTES))
    return recognition


@pytest.fixture
def outstanding_a(recognition_a):
    return OutstandingFactory(initiative=recognition_a.initiative, year=2025)


@pytest.fixture
def award_a(recognised_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    award = AwardFactory(initiative=recognised_a)
    award.file.save("khen-thuong.pdf", ContentFile(PDF_BYTES))
    return award


@pytest.fixture
def proposal_a(office_a):
    return AwardProposalFactory(office=office_a)


@pytest.fixture
def item_a(proposal_a, recognised_a):
    return ProposalItemFactory(proposal=proposal_a, initiative=recognised_a)


@pytest.fixture
def sent_proposal_a(office_a, recognised_a):
    proposal = AwardProposalFactory(office=office_a, status="sent", sent_at=timezone.now())
    ProposalItemFactory(proposal=proposal, initiative=recognised_a)
    return proposal


@pytest.fixture
def period_a(district_a):
    return ReportPeriodFactory(area=district_a, kind=PeriodKind.FIRST_HALF, year=2025)


@pytest.fixture
def report_a(period_a, office_a, officer_a):
    return PeriodReportFactory(
        office=office_a, period=period_a, status=ReportStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=officer_a
    )


@pytest.fixture
def import_job_a(officer_a):
    return ImportJob.objects.create(kind="units", user=officer_a, original_name="don-vi.xlsx", sha256="0" * 64)


@pytest.fixture
def export_job_a(officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ExportJob.objects.create(
        user=officer_a, title="Đơn vị", filename="gia-lam-don-vi.xlsx", list_key="units", status=ExportStatus.DONE
    )
    job.file.save("gia-lam-don-vi.xlsx", ContentFile(b"PK\x03\x04"))
    return job


# --- the matrix ----------------------------------------------------------------------------------------

CASES = [(name, role) for name in sorted(MATRIX) for role in (*ROLES, *SUCCESSOR_ROLES)]


@pytest.mark.parametrize(("url_name", "role"), CASES, ids=[f"{name}-{role}" for name, role in CASES])
def test_url_answers_each_role_as_its_view_says(url_name, role, request, client, db):
    probe = MATRIX[url_name]
    kwargs = probe.kwargs(Objects(request)) if probe.kwargs else {}
    url = reverse(url_name, kwargs=kwargs) + (f"?{urlencode(probe.query)}" if probe.query else "")
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    expected = expected_answer(url_name, role)

    response = getattr(client, probe.method)(url, probe.data)

    to_login = response.status_code == 302 and response.url.startswith(reverse("login") + "?next=")
    assert (response.status_code, to_login) == (expected, role == "anonymous" and expected == 302)


def test_matrix_objects_lie_in_district_a(request, district_a, db):
    """The probes' objects really are inside district A (else officer_b's 404s would prove nothing)."""
    objects = Objects(request)
    areas = {
        "unit": objects.unit_a.area,
        "model": objects.draft_a.unit.area,
        "award": objects.award_a.area,
        "proposal office": objects.proposal_a.office.area,
        "period": objects.period_a.area,
        "report office": objects.report_a.office.area,
    }

    assert {name: area.path.startswith(district_a.path) for name, area in areas.items()} == dict.fromkeys(areas, True)
