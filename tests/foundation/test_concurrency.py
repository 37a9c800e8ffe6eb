"""Double clicks and simultaneous requests against the live server (issue 12, item 7).

Each test draws a create (or upsert) page once, as a browser would, then fires two or four identical POSTs of
that form at the same moment from threads, each its own connection to the live server. A user may only ever
see a page or a redirect: never a 500; and the database holds exactly one record."""

import datetime
import http.client
import re
import threading
import urllib.parse
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client

from danvan.accounts.enums import Role
from models_registry.awards.models import Award, AwardProposal, ProposalItem
from models_registry.evaluations.models import CriteriaSet, Evaluation, YearlyReview
from models_registry.imports.models import ImportJob
from models_registry.initiatives.enums import Status
from models_registry.initiatives.models import Initiative
from models_registry.units.models import Unit
from reports.models import PeriodReport, ReportPeriod
from tests.factories import InitiativeFactory, UserFactory
from tests.factories_awards import AwardProposalFactory, CriteriaSetFactory, RecognitionFactory, award_form
from tests.factories_imports import INITIATIVE_HEADER, xlsx_bytes
from tests.factories_initiatives import ensure_reference_data
from tests.factories_reports import ReportPeriodFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


FORM = "application/x-www-form-urlencoded"


class FormFields(HTMLParser):
    """The fields of one <form> (the first whose action ends with `action`), with the values the page drew."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields, self.select, self.textarea = action, False, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post":
            target = attrs.get("action") or ""
            self.inside = not self.fields and (target == self.action if not self.action else target.endswith(self.action))
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields.append((self.select, attrs.get("value", "")))
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.fields.append((self.textarea, ""))

    def handle_data(self, data):
        if self.inside and self.textarea:
            self.fields[-1] = (self.textarea, self.fields[-1][1] + data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


class Browser:
    """A signed-in user speaking HTTP to the live server."""

    def __init__(self, live_server, user):
        client = Client()
        client.force_login(user)
        self.host, self.port = urllib.parse.urlsplit(live_server.url).netloc.split(":")
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=60)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = conn.getresponse()
        content = response.read().decode("utf-8", errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";")[0].split("=", 1)
            self.cookies[name] = value
        conn.close()
        return response.status, content

    def form(self, path, values=None, *, action="") -> list:
        """The POST form of the page at `path` as drawn (the one posting to `action`; "" for the page itself), with
        `values` put in."""
        values = values or {}
        status, html = self.request("GET", path)
        assert status == 200, html[:500]
        parser = FormFields(action)
        parser.feed(html)
        fields = [(name, value) for name, value in parser.fields if name not in values]
        return fields + [(name, value) for name, value in values.items()]

    def post_at_once(self, path, fields, times) -> list[int]:
        """POST the same form `times` times at the same moment; the answers' status codes."""
        body = urllib.parse.urlencode(fields)
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        barrier, answers = threading.Barrier(times), []

        def send():
            barrier.wait(timeout=20)
            answers.append(self.request("POST", path, body, headers)[0])

        threads = [threading.Thread(target=send) for _ in range(times)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        return sorted(answers)


@pytest.fixture
def world(db):
    """The conftest personas, committed (each test here commits: the server's threads must see the data)."""
    ensure_reference_data()


def no_error(answers, times):
    assert len(answers) == times and all(code in (200, 302) for code in answers), answers


@pytest.mark.parametrize("times", [2, 4])
def test_new_model_posted_at_once_is_one_model(live_server, world, officer_a, unit_a, times):
    browser = Browser(live_server, officer_a)
    fields = browser.form(
        "/models/new/", {"name": "Hiến đất làm đường thôn", "unit": unit_a.pk, "kind": "model", "action": "save"}
    )

    answers = browser.post_at_once("/models/new/", fields, times)

    no_error(answers, times)
    assert Initiative.objects.filter(name="Hiến đất làm đường thôn").count() == 1


@pytest.mark.parametrize("times", [2, 4])
def test_new_unit_posted_at_once_is_one_unit_and_no_500(live_server, world, officer_a, commune_a, times):
    browser = Browser(live_server, officer_a)
    fields = browser.form("/units/new/", {"code": "GL-MOI", "name": "Hội Nông dân xã", "kind": "front", "area": commune_a.pk})

    answers = browser.post_at_once("/units/new/", fields, times)

    no_error(answers, times)
    assert Unit.objects.filter(code="GL-MOI").count() == 1


def test_two_colleagues_creating_the_same_unit_code_get_a_message_not_a_500(live_server, world, officer_a, office_a, commune_a):
    colleague = UserFactory(username="officer_a2", role=Role.OFFICER, office=office_a)
    pages = [Browser(live_server, user) for user in (officer_a, colleague)]
    forms = [
        b.form("/units/new/", {"code": "GL-TRUNG", "name": "Đoàn Thanh niên", "kind": "front", "area": commune_a.pk})
        for b in pages
    ]
    answers, barrier = [], threading.Barrier(2)

    def send(browser, fields):
        barrier.wait(timeout=20)
        answers.append(browser.request("POST", "/units/new/", urllib.parse.urlencode(fields), {
            "Content-Type": "application/x-www-form-urlencoded"}))  # fmt: skip

    threads = [threading.Thread(target=send, args=pair) for pair in zip(pages, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _html in answers)
    refused = next(html for status, html in answers if status == 200)
    assert statuses == [200, 302]
    assert re.search(r"(Đã có đơn vị mang mã GL-TRUNG|Đơn vị có Mã đã tồn tại)", refused), refused[-3000:]
    assert Unit.objects.filter(code="GL-TRUNG").count() == 1


@pytest.mark.parametrize("times", [2, 4])
def test_yearly_review_saved_at_once_is_one_review(live_server, world, province_staff, unit_a, times):
    initiative = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS)
    browser = Browser(live_server, province_staff)
    path = f"/evaluations/reviews/?year={datetime.date.today().year}"
    fields = browser.form(path, {"form-0-rating": "effective", "form-0-note": "Hiệu quả"})

    answers = browser.post_at_once(path, fields, times)

    no_error(answers, times)
    assert YearlyReview.objects.filter(initiative=initiative).count() == 1


@pytest.mark.parametrize("times", [2, 4])
def test_evaluation_saved_at_once_is_one_evaluation(live_server, world, province_staff, unit_a, times):
    initiative = InitiativeFactory(unit=unit_a, status=Status.SUBMITTED)
    criteria_set = CriteriaSetFactory(is_active=True)
    browser = Browser(live_server, province_staff)
    path = f"/evaluations/score/{initiative.pk}/?set={criteria_set.pk}"
    criterion = criteria_set.criteria.first()
    fields = browser.form(path, {f"points_{criterion.pk}": "20"})

    answers = browser.post_at_once(path, fields, times)

    no_error(answers, times)
    assert Evaluation.objects.filter(initiative=initiative).count() == 1


def test_proposal_created_at_once_is_one_proposal(live_server, world, officer_a):
    browser = Browser(live_server, officer_a)
    form = award_form("Giấy khen", "collective")
    fields = browser.form("/awards/proposals/new/", {"title": "Đề nghị khen năm 2025", "award_form": form.pk, "year": "2025"})

    answers = browser.post_at_once("/awards/proposals/new/", fields, 2)

    no_error(answers, 2)
    assert AwardProposal.objects.filter(title="Đề nghị khen năm 2025").count() == 1


def test_proposal_recipient_added_at_once_is_one_item(live_server, world, officer_a, office_a, unit_a):
    proposal = AwardProposalFactory(office=office_a, award_form=award_form("Giấy khen", "collective"))
    browser = Browser(live_server, officer_a)
    fields = browser.form(
        f"/awards/proposals/{proposal.pk}/", {"unit": unit_a.pk}, action=f"/awards/proposals/{proposal.pk}/items/"
    )

    answers = browser.post_at_once(f"/awards/proposals/{proposal.pk}/items/", fields, 2)

    no_error(answers, 2)
    assert ProposalItem.objects.filter(proposal=proposal).count() == 1


def test_award_recorded_at_once_is_one_award(live_server, world, province_staff, unit_a):
    with transaction.atomic():  # the database wants a recognised model and its decision together
        initiative = InitiativeFactory(unit=unit_a, status=Status.RECOGNISED)
        RecognitionFactory(initiative=initiative)
    browser = Browser(live_server, province_staff)
    values = {
        "award_form": award_form("Giấy khen", "collective").pk,
        "year": "2024",
        "initiative": initiative.pk,
        "decision_no": "12-QĐ/UBND",
        "decided_on": "02/05/2024",
        "signer": "Trần Văn Cường",
    }
    fields = browser.form("/awards/new/", values)

    answers = browser.post_at_once("/awards/new/", fields, 2)

    no_error(answers, 2)
    assert Award.objects.filter(initiative=initiative).count() == 1


def test_replicate_posted_at_once_is_one_copy(live_server, world, officer_a, unit_a):
    source = InitiativeFactory(unit=unit_a, status=Status.IN_PROGRESS, name="Chợ văn minh")
    browser = Browser(live_server, officer_a)
    path = f"/models/{source.pk}/replicate/"
    fields = browser.form(path, {"unit": unit_a.pk})

    answers = browser.post_at_once(path, fields, 2)

    no_error(answers, 2)
    assert Initiative.objects.filter(replicated_from=source).count() == 1


def test_showcase_replicate_posted_at_once_is_one_copy(live_server, world, officer_b, unit_a, unit_b):
    with transaction.atomic():  # the database checks at commit that a recognised model has its decision in force
        source = InitiativeFactory(unit=unit_a, status=Status.RECOGNISED, name="Chợ văn minh")
        RecognitionFactory(initiative=source)
    browser = Browser(live_server, officer_b)  # another district: the model reaches them through the showcase
    path = f"/models/showcase/{source.pk}/replicate/"
    fields = browser.form(path, {"unit": unit_b.pk})

    answers = browser.post_at_once(path, fields, 2)

    no_error(answers, 2)
    assert list(Initiative.objects.filter(replicated_from=source).values_list("unit", flat=True)) == [unit_b.pk]


def test_criteria_set_copied_at_once_is_one_new_version(live_server, world, admin_user):
    criteria_set = CriteriaSetFactory(name="Bộ tiêu chí 2025")
    browser = Browser(live_server, admin_user)
    fields = browser.form(f"/evaluations/criteria/{criteria_set.pk}/", action=f"/evaluations/criteria/{criteria_set.pk}/copy/")

    answers = browser.post_at_once(f"/evaluations/criteria/{criteria_set.pk}/copy/", fields, 2)

    no_error(answers, 2)
    assert CriteriaSet.objects.filter(name="Bộ tiêu chí 2025").count() == 2


def test_period_opened_at_once_is_one_period(live_server, world, province_staff, province):
    browser = Browser(live_server, province_staff)
    fields = browser.form("/reports/periods/new/", {"kind": "first_half", "year": "2031", "due_on": "15/07/2031"})

    answers = browser.post_at_once("/reports/periods/new/", fields, 2)

    no_error(answers, 2)
    assert ReportPeriod.objects.filter(year=2031).count() == 1


@pytest.mark.parametrize("times", [2, 4])
def test_period_report_saved_at_once_is_one_report(live_server, world, officer_a, province, times):
    period = ReportPeriodFactory(area=province, kind="first_half", year=2025, due_on=datetime.date(2025, 7, 15))
    browser = Browser(live_server, officer_a)
    path = f"/reports/periods/{period.pk}/my-report/"
    fields = browser.form(path, {"results": "Xây dựng 12 mô hình mới.", "action": "save"})

    answers = browser.post_at_once(path, fields, times)

    no_error(answers, times)
    assert PeriodReport.objects.filter(period=period).count() == 1


def test_import_confirmed_at_once_imports_once(live_server, world, officer_a, unit_a):
    from models_registry.imports import domain as imports

    job = imports.start_import(
        by=officer_a,
        kind="initiatives",
        name="mo-hinh.xlsx",
        data=xlsx_bytes([INITIATIVE_HEADER, ["GL-01", "Hiến đất", "GL-DANGXA", "Kinh tế", "2021–2025", "15/03/2024"]]),
    )
    browser = Browser(live_server, officer_a)
    fields = browser.form(f"/import/{job.pk}/", action=f"/import/{job.pk}/confirm/")

    answers = browser.post_at_once(f"/import/{job.pk}/confirm/", fields, 2)

    no_error(answers, 2)
    assert (Initiative.objects.filter(code="GL-01").count(), ImportJob.objects.get(pk=job.pk).status) == (1, "done")


def test_answer_pages_are_not_500(live_server, world, officer_a):
    """The harness itself: a page it reads is a real page."""
    status, html = Browser(live_server, officer_a).request("GET", "/models/new/")

    assert status == 200 and re.search(r'name="once" value="[0-9a-f-]{36}"', html)


def test_two_files_of_new_units_without_codes_confirmed_at_once_make_one_unit(live_server, world, officer_a, commune_a):
    """Generated codes and matching by name hold when two identical files are confirmed at the same moment."""
    from models_registry.imports import domain as imports

    data = xlsx_bytes([["Tên đơn vị", "Loại đơn vị", "Địa bàn"], ["UBND xã Đặng Xá", "Xã/phường/thị trấn", "Đặng Xá"]])
    jobs = [imports.start_import(by=officer_a, kind="units", name=f"don-vi-{n}.xlsx", data=data) for n in (1, 2)]
    browser = Browser(live_server, officer_a)
    forms = [browser.form(f"/import/{job.pk}/", action=f"/import/{job.pk}/confirm/") for job in jobs]
    barrier, answers = threading.Barrier(2), []

    def confirm(job, fields):
        barrier.wait(timeout=20)
        body = urllib.parse.urlencode(fields)
        answers.append(browser.request("POST", f"/import/{job.pk}/confirm/", body, {"Content-Type": FORM})[0])

    threads = [threading.Thread(target=confirm, args=pair) for pair in zip(jobs, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    no_error(sorted(answers), 2)
    assert list(Unit.objects.values_list("code", "name")) == [("LC00565-001", "UBND xã Đặng Xá")]
    assert sorted(ImportJob.objects.values_list("status", flat=True)) == ["done", "done"]


RECOGNITION_FILE = xlsx_bytes(
    [
        ["Mã mô hình", "Số quyết định", "Ngày quyết định", "Cấp công nhận", "Người ký"],
        ["GL-01", "125-QĐ/BDVTU", "15/05/2025", "Cấp tỉnh", "Nguyễn Văn Bình"],
    ]
)


@pytest.mark.parametrize("files", [1, 2])
def test_recognitions_confirmed_at_once_recognise_the_model_once(live_server, world, province_staff, unit_a, files):
    """The same file confirmed twice at the same moment, or two copies of it: one decision, one status move."""
    from models_registry.awards.models import Recognition
    from models_registry.imports import domain as imports
    from models_registry.initiatives.models import StatusChange

    model = InitiativeFactory(code="GL-01", unit=unit_a, status=Status.IN_PROGRESS)
    jobs = [
        imports.start_import(by=province_staff, kind="recognitions", name=f"cong-nhan-{n}.xlsx", data=RECOGNITION_FILE)
        for n in range(files)
    ]
    jobs = jobs * (2 // files)
    browser = Browser(live_server, province_staff)
    forms = [browser.form(f"/import/{job.pk}/", action=f"/import/{job.pk}/confirm/") for job in jobs]
    barrier, answers = threading.Barrier(2), []

    def confirm(job, fields):
        barrier.wait(timeout=20)
        body = urllib.parse.urlencode(fields)
        answers.append(browser.request("POST", f"/import/{job.pk}/confirm/", body, {"Content-Type": FORM})[0])

    threads = [threading.Thread(target=confirm, args=pair) for pair in zip(jobs, forms, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    no_error(sorted(answers), 2)
    model.refresh_from_db()
    assert (model.status, Recognition.objects.filter(initiative=model).count()) == (Status.RECOGNISED, 1)
    assert list(StatusChange.objects.filter(initiative=model).values_list("from_status", "to_status")) == [
        (Status.IN_PROGRESS, Status.RECOGNISED)
    ]
    assert sorted(ImportJob.objects.values_list("status", flat=True)) == ["done"] * files
    if files == 2:  # the second file waited for the first and then found its decision already recorded
        outcomes = sorted((job.counts["new"], job.counts["unchanged"]) for job in ImportJob.objects.all())
        assert outcomes == [(0, 1), (1, 0)]
