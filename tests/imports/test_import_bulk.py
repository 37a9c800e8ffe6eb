"""The confirm inserts new models together: the same queries for 3 rows as for 30, and each model is written as
Initiative.save() would write it (its province), with its first history row and its audit row."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.audit.models import AuditEntry
from models_registry.imports.models import ImportJob
from models_registry.initiatives.models import Initiative, StatusChange, province_path_of
from tests.factories_imports import confirm, last_job, upload, xlsx_bytes


def _import(client, rows: int) -> tuple[ImportJob, int]:
    data = xlsx_bytes(
        [["Tên mô hình", "Đơn vị", "Ngày đăng ký"]] + [[f"Mô hình {rows} số {n}", "GL-DANGXA", "15/03/2024"] for n in range(rows)]
    )
    upload(client, "initiatives", f"models-{rows}.xlsx", data)
    job = last_job()
    with CaptureQueriesContext(connection) as queries:
        confirm(client, job)
    job.refresh_from_db()
    return job, len(queries)


def test_confirm_runs_the_same_queries_for_3_and_30_new_models(client_for, officer_a, unit_a):
    client = client_for(officer_a)
    _import(client, 1)  # the caches of the first import (content types, the session) are warm

    few, few_queries = _import(client, 3)
    many, many_queries = _import(client, 30)

    assert (few.status, few.counts["new"], many.status, many.counts["new"]) == ("done", 3, "done", 30)
    assert many_queries == few_queries


def test_models_inserted_together_carry_province_history_and_audit(client_for, officer_a, unit_a):
    job, _queries = _import(client_for(officer_a), 4)

    models = Initiative.objects.filter(name__startswith="Mô hình 4 số ").order_by("name")
    assert job.status == "done"
    assert [m.name for m in models] == [f"Mô hình 4 số {n}" for n in range(4)]
    assert {m.province_path for m in models} == {province_path_of(unit_a.area)}
    assert {m.phase.name for m in models} == {"2021–2025"}
    history = StatusChange.objects.filter(initiative__in=models)
    assert sorted((h.initiative.name, h.from_status, h.to_status) for h in history) == [(m.name, "", "draft") for m in models]
    audit = AuditEntry.objects.filter(object_id__in=[m.pk for m in models], action="create")
    assert sorted(a.object_repr for a in audit) == sorted(str(m) for m in models)
    assert {a.note for a in audit} == {"Nhập từ tệp models-4.xlsx"}
