"""manage.py cleanup_imports: abandoned imports are cancelled and their files deleted, old export files deleted."""

import datetime
import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from danvan.audit.models import AuditEntry
from danvan.exports.models import ExportJob
from models_registry.imports.management.commands.cleanup_imports import expire_import
from models_registry.imports.models import ImportJob, ImportRow
from tests.factories import UnitFactory
from tests.factories_imports import INITIATIVE_HEADER, confirm, last_job, upload, xlsx_bytes

ROW = ["GL-01", "Hiến đất làm đường giao thông nông thôn", "GL-DANGXA", "Kinh tế", "2021–2025", "15/03/2024"]
CANCELLED_NOTE = "Đã tự động hủy: tệp không được nhập trong vòng %s giờ. Nếu vẫn cần, hãy tải tệp lên lại."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A MEDIA_ROOT of this test's own: the command never sees the files of other tests."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _files(folder: str) -> list[str]:
    return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []


def _cleanup(*args) -> list[str]:
    out = io.StringIO()
    call_command("cleanup_imports", *args, stdout=out)
    return out.getvalue().splitlines()


def _uploaded(client, name="mo-hinh.xlsx", *, hours_ago=0) -> ImportJob:
    upload(client, "initiatives", name, xlsx_bytes([INITIATIVE_HEADER, ROW]))
    job = last_job()
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    job.refresh_from_db()
    return job


def _aged(name: str, *, hours: int) -> None:
    moment = (timezone.now() - datetime.timedelta(hours=hours)).timestamp()
    os.utime(default_storage.path(name), (moment, moment))


def test_cleanup_cancels_imports_left_unconfirmed_for_48_hours_and_deletes_their_file_and_rows(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    old = _uploaded(client, "cu.xlsx", hours_ago=49)
    recent = _uploaded(client, "moi.xlsx", hours_ago=47)
    old_file = old.stored_name.removeprefix("imports/")

    lines = _cleanup()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert lines == [
        f"import {old.pk} 'cu.xlsx' of officer_a (ready): removed",
        "1 import(s), 0 export file(s), 0 other file(s) removed.",
    ]
    assert (old.status, old.stored_name, old.counts, old.message) == ("cancelled", "", {}, CANCELLED_NOTE % 48)
    assert old.finished_at is not None
    assert list(ImportRow.objects.filter(job=old)) == []
    assert (recent.status, ImportRow.objects.filter(job=recent).count()) == ("ready", 1)
    assert _files("imports") == [recent.stored_name.removeprefix("imports/")]
    assert old_file not in _files("imports")


def test_cleanup_records_each_cancelled_import_in_the_audit_trail(client_for, officer_a, unit_a):
    job = _uploaded(client_for(officer_a), "cu.xlsx", hours_ago=72)

    _cleanup()

    entry = AuditEntry.objects.get(content_type__model="importjob", object_id=job.pk)
    assert (entry.action, entry.actor, entry.object_repr, entry.note) == ("status", None, "cu.xlsx", CANCELLED_NOTE % 48)
    assert entry.changes == {"status": ["ready", "cancelled"], "file": ["cu.xlsx", None], "rows": [1, 0]}


def test_uploader_sees_why_the_import_was_cancelled_and_cannot_confirm_it(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    job = _uploaded(client, hours_ago=49)
    _cleanup()

    page = client.get(job.get_absolute_url()).content.decode()
    response = confirm(client, job)

    assert CANCELLED_NOTE % 48 in page
    assert "Đã hủy lần nhập và xóa tệp." in page
    assert list(response.wsgi_request._messages)[0].message == "Không còn dòng nào để nhập."
    assert not ImportRow.objects.filter(job=job).exists()


def test_cleanup_leaves_confirmed_failed_and_running_imports_alone(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    done = _uploaded(client, "xong.xlsx")
    confirm(client, done)
    running = ImportJob.objects.create(
        kind="units",
        user=officer_a,
        original_name="dang-nhap.xlsx",
        sha256="0" * 64,
        status="importing",
        stored_name="imports/x.xlsx",
    )
    failed = ImportJob.objects.create(kind="units", user=officer_a, original_name="loi.xlsx", sha256="0" * 64, status="failed")
    ImportJob.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))

    lines = _cleanup()

    assert lines == ["Nothing to remove."]
    assert list(ImportJob.objects.order_by("pk").values_list("pk", "status")) == [
        (done.pk, "done"),
        (running.pk, "importing"),
        (failed.pk, "failed"),
    ]
    assert not AuditEntry.objects.filter(content_type__model="importjob", action="status").exists()


def test_cleanup_hours_option_sets_the_age(client_for, officer_a, unit_a):
    job = _uploaded(client_for(officer_a), hours_ago=10)

    kept = _cleanup()
    removed = _cleanup("--hours", "6")

    job.refresh_from_db()
    assert kept == ["Nothing to remove."]
    assert removed[-1] == "1 import(s), 0 export file(s), 0 other file(s) removed."
    assert (job.status, job.message) == ("cancelled", CANCELLED_NOTE % 6)


def test_cleanup_refuses_an_hours_option_below_one():
    with pytest.raises(CommandError) as error:
        _cleanup("--hours", "0")

    assert str(error.value) == "--hours must be at least 1."


def test_cleanup_deletes_finished_export_files_older_than_48_hours(client_for, officer_a, commune_a, settings):
    settings.EXPORT_BACKGROUND_ROWS = 0
    UnitFactory(area=commune_a)
    client = client_for(officer_a)
    client.get(reverse("units:list"), {"export": "xlsx"})
    client.get(reverse("units:list"), {"export": "xlsx", "kind": "commune"})
    old, recent = ExportJob.objects.order_by("pk")
    ExportJob.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(hours=49))
    recent_file = recent.file.name

    lines = _cleanup()

    old.refresh_from_db()
    page = client.get(reverse("exports:export", args=[old.pk])).content.decode()
    download = client.get(reverse("exports:download", args=[old.pk]))
    assert lines == [
        f"export {old.pk} '{old.filename}' of officer_a: removed its file",
        "0 import(s), 1 export file(s), 0 other file(s) removed.",
    ]
    assert (old.status, old.file.name, old.message) == (
        "done",
        "",
        "Tệp đã được xóa sau 48 giờ kể từ khi tạo; hãy xuất lại danh sách.",
    )
    assert _files("exports") == [recent_file.removeprefix("exports/")]
    assert "Tệp đã được xóa sau 48 giờ kể từ khi tạo; hãy xuất lại danh sách." in page
    assert reverse("exports:download", args=[old.pk]) not in page
    assert download.status_code == 404
    assert not AuditEntry.objects.filter(content_type__model="exportjob").exists()


def test_cleanup_deletes_old_files_no_job_names_and_keeps_the_others(client_for, officer_a, unit_a):
    kept_job = _uploaded(client_for(officer_a))
    _aged(kept_job.stored_name, hours=100)  # still named by a job waiting for its uploader: not an orphan
    old_orphan = default_storage.save("imports/bo-lai.csv", ContentFile(b"a,b\n"))
    new_orphan = default_storage.save("imports/dang-tai-len.csv", ContentFile(b"a,b\n"))
    old_export = default_storage.save("exports/cu.xlsx", ContentFile(b"x"))
    _aged(old_orphan, hours=49)
    _aged(old_export, hours=49)

    lines = _cleanup()

    assert lines == [
        "file imports/bo-lai.csv (no job names it): removed",
        "file exports/cu.xlsx (no job names it): removed",
        "0 import(s), 0 export file(s), 2 other file(s) removed.",
    ]
    assert _files("imports") == sorted(["dang-tai-len.csv", kept_job.stored_name.removeprefix("imports/")])
    assert _files("exports") == []
    assert new_orphan == "imports/dang-tai-len.csv"


def test_cleanup_twice_removes_nothing_the_second_time_and_audits_nothing_more(client_for, officer_a, unit_a):
    _uploaded(client_for(officer_a), hours_ago=49)
    _aged(default_storage.save("imports/bo-lai.csv", ContentFile(b"a,b\n")), hours=49)
    _cleanup()
    audit_rows = AuditEntry.objects.count()

    lines = _cleanup()

    assert lines == ["Nothing to remove."]
    assert AuditEntry.objects.count() == audit_rows
    assert _files("imports") == []


def test_cleanup_dry_run_lists_what_it_would_remove_and_changes_nothing(client_for, officer_a, unit_a):
    job = _uploaded(client_for(officer_a), "cu.xlsx", hours_ago=49)
    _aged(default_storage.save("imports/bo-lai.csv", ContentFile(b"a,b\n")), hours=49)

    lines = _cleanup("--dry-run")

    job.refresh_from_db()
    assert lines == [
        f"import {job.pk} 'cu.xlsx' of officer_a (ready): would remove",
        "file imports/bo-lai.csv (no job names it): would remove",
        "1 import(s), 0 export file(s), 1 other file(s) would remove.",
    ]
    assert (job.status, len(_files("imports")), AuditEntry.objects.filter(action="status").count()) == ("ready", 2, 0)


def test_an_import_confirmed_while_the_cleanup_runs_is_left_alone(client_for, officer_a, unit_a):
    job = _uploaded(client_for(officer_a), hours_ago=49)
    ImportJob.objects.filter(pk=job.pk).update(status="importing")  # the uploader confirmed after the cleanup read the job

    expired = expire_import(job, hours=48)

    job.refresh_from_db()
    assert (expired, job.status, job.stored_name != "", ImportRow.objects.filter(job=job).count()) == (
        False,
        "importing",
        True,
        1,
    )
    assert not AuditEntry.objects.filter(content_type__model="importjob").exists()
