"""The list page every registry type uses: a FilterSet, a Table, and ?export=xlsx of the same rows.

Small exports stream back at once; an export of more rows than EXPORT_BACKGROUND_ROWS (setting, default
5,000) is written by the task worker while the user watches its progress and then downloads the file.
"""

import datetime
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from danvan.accounts.access import scope_area, scope_key
from danvan.audit.domain import record_export
from danvan.exports.registry import register
from danvan.exports.tasks import start_export
from danvan.snapshots import request_snapshot
from danvan.vietnamese import short_date
from danvan.xlsx import export_filename, list_response


def export_background_rows() -> int:
    return settings.EXPORT_BACKGROUND_ROWS


def record_personal_export(request, columns, *, what: str, count: int) -> None:
    """An export with personal data (names, phone numbers) is recorded in the audit trail with its filter and size."""
    if any(column.personal for column in columns):
        filters = [
            f"{key}={value}" for key, values in request.GET.lists() if key not in ("export", "page") for value in values if value
        ]
        record_export(by=request.user, what=what, filters=", ".join(filters), count=count)


def filter_summary(form) -> str:
    """The filters a list was exported with, as a reader reads them: "Trạng thái: Đã công nhận; Năm: 2025"."""
    if not form.is_valid():
        return ""
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        parts.append(f"{field.label}: {_shown(field, value)}")
    return "; ".join(parts)


def _shown(field, value) -> str:
    if isinstance(value, list | tuple | QuerySet):
        return ", ".join(_shown(field, item) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.date):
        return short_date(value)
    if hasattr(field, "label_from_instance") and hasattr(value, "pk"):
        return str(field.label_from_instance(value))
    labels = {str(key): label for key, label in getattr(field, "choices", []) if not isinstance(label, list | tuple)}
    return str(labels.get(str(value), value))


def export_subtitle(scope: str, what: str) -> str:
    """'Địa bàn: Gia Lâm — lọc: Trạng thái: Đã công nhận — ngày xuất 30/11/2026' under a list's title."""
    return _("Area: %(scope)s — %(what)s — exported on %(date)s") % {
        "scope": _("Nationwide") if scope == "toan-quoc" else scope,
        "what": what,
        "date": short_date(timezone.localdate()),
    }


MAX_PER_PAGE = 200
NOT_FILTERS = {"page", "per_page", "sort", "export"}  # parameters that do not change the filter panel
FILTER_PANEL_SECONDS = 300
RESULTS_SECONDS = 300


def count_cap() -> int:
    return settings.LIST_COUNT_CAP


class BoundedPaginator(Paginator):
    """django-tables2 takes ?per_page= from the URL: keep it within 1..MAX_PER_PAGE (never -1, never every row).

    The total is counted exactly up to LIST_COUNT_CAP rows and shown as "more than N" past it: an exact count
    reads every matching row, so the page would slow down as the registry grows (1,000,000 rows nationwide)."""

    def __init__(self, object_list, per_page, *args, **kwargs):
        super().__init__(object_list, min(max(int(per_page), 1), MAX_PER_PAGE), *args, **kwargs)

    @cached_property
    def count(self) -> int:
        return min(self._counted, count_cap())

    @cached_property
    def _counted(self) -> int:
        rows = getattr(getattr(self.object_list, "data", None), "data", self.object_list)  # tables2 wraps the queryset
        if not isinstance(rows, QuerySet):
            return len(self.object_list)
        return rows.order_by()[: count_cap() + 1].count()  # SELECT COUNT(*) FROM (... LIMIT cap + 1)

    @property
    def count_capped(self) -> bool:
        return self._counted > count_cap()


class ScopedListView(SingleTableMixin, FilterView):
    """Subclasses give scoped_queryset(), filterset_class, table_class, export_columns, export_what, and export_key:
    the key a background export of the list is stored under (the worker finds the list by it)."""

    template_name = "list.html"
    paginate_by = None  # the table paginates
    table_pagination = {"per_page": 25, "paginator_class": BoundedPaginator}
    export_columns: list = []
    export_what = "list"
    export_key = ""
    title = ""
    # Whether the page keeps its drawn results (the count and the table) under the database's snapshot (results_key):
    # only for a table that shows nothing but rows of the scoped queryset and their relations.
    cache_results = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "export_key" in cls.__dict__:
            register(cls.export_key, cls)

    def scoped_queryset(self):
        raise NotImplementedError

    def may_create(self) -> bool:
        """Whether the page offers its "new" button to this user (asked of the app's access module)."""
        return False

    # The columns the page's table reads (e.g. ["name", "unit__name"]); the export still reads every column.
    table_only: list[str] = []

    def get_queryset(self):
        return self.scoped_queryset()

    def get_table_data(self):
        data = super().get_table_data()
        return data.only(*self.table_only) if self.table_only and isinstance(data, QuerySet) else data

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["request"] = self.request
        return kwargs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_columns:
            rows = self.export_rows()
            total = rows.count()
            if total > export_background_rows():
                return self.export_in_background(total)
            self.record_export(total)
            return self.export(rows)
        self.results_cache_key = self.results_key()
        kept = make_template_fragment_key("list_results", [self.results_cache_key]) if self.results_cache_key else None
        self.drawn_results = caches["lists"].get(kept) if kept else None
        if self.drawn_results is None:
            return super().get(request, *args, **kwargs)
        # Results kept: the filters are read only when the filter panel is drawn too (its own cache missed).
        self.filterset = SimpleLazyObject(lambda: self.get_filterset(self.get_filterset_class()))
        self.object_list = self.get_queryset()  # never evaluated: the table is not built
        return self.render_to_response(self.get_context_data(filter=self.filterset, object_list=self.object_list))

    @cached_property
    def export_filterset(self):
        return self.get_filterset(self.get_filterset_class())

    def export_rows(self):
        """The filtered rows of the page, unpaginated; none when the filters are invalid."""
        filterset = self.export_filterset
        return filterset.qs if filterset.is_valid() else self.get_queryset().none()

    def export_subtitle(self) -> str:
        """The line under the export's title: the user's area, the filters used, the date."""
        filters = filter_summary(self.export_filterset.form)
        what = _("filters: %(filters)s") % {"filters": filters} if filters else _("all records, no filter")
        return export_subtitle(self.export_scope(), what)

    def export(self, rows):
        return list_response(
            rows,
            self.export_columns,
            title=str(self.title),
            filename=self.export_filename(self.export_scope()),
            subtitle=self.export_subtitle(),
        )

    def record_export(self, count: int) -> None:
        record_personal_export(self.request, self.export_columns, what=str(self.title), count=count)

    def export_in_background(self, total: int):
        """Hand a large export to the worker and show its progress page."""
        job = start_export(view=self, total=total)
        return redirect(job)

    def export_scope(self) -> str:
        root = scope_area(self.request.user)
        return root.name if root else "toan-quoc"

    def export_filename(self, scope: str) -> str:
        return export_filename(scope, self.export_what)

    def filter_panel_key(self) -> str:
        """The key of the filter panel's cached HTML: the same for users of the same scope (their areas are the
        choices) asking the same filters of the same list in the same language."""
        asked = sorted((key, value) for key, values in self.request.GET.lists() if key not in NOT_FILTERS for value in values)
        return "|".join([type(self).__qualname__, scope_key(self.request.user), get_language(), urlencode(asked)])

    def results_key(self) -> str | None:
        """The key of the drawn count and table: the same for users of the same scope asking the same query string
        in the same language on the same day (the year filter's choices) of the same database snapshot
        (danvan.snapshots: any commit anywhere changes it)."""
        snapshot = request_snapshot(self.request) if self.cache_results else None
        if snapshot is None:
            return None
        query = hashlib.sha256(self.request.META.get("QUERY_STRING", "").encode()).hexdigest()
        asked = [type(self).__qualname__, scope_key(self.request.user), get_language(), str(timezone.localdate()), query]
        return "|".join(["results", *asked, snapshot])

    # Set by get(): the key of this request's results (None: not kept) and their kept HTML (None: to be drawn).
    results_cache_key: str | None = None
    drawn_results: str | None = None

    def get_context_data(self, **kwargs):
        if self.drawn_results is None:  # the page draws them, and keeps them under results_cache_key if any
            context = super().get_context_data(**kwargs)
        else:  # neither the table nor its count and rows are needed
            context = super(SingleTableMixin, self).get_context_data(**kwargs)
        context["results_html"], context["results_cache_key"] = self.drawn_results, self.results_cache_key
        context["results_seconds"] = RESULTS_SECONDS
        context["title"] = self.title
        context["can_create"] = self.may_create()
        context["filter_panel_key"], context["filter_panel_seconds"] = self.filter_panel_key(), FILTER_PANEL_SECONDS
        # How many filters are on: the phone's collapsed filter button shows it.
        asked = self.request.GET.items()
        context["active_filters"] = len({k for k, v in asked if k not in NOT_FILTERS and not k.endswith("-search") and v})
        export_query = self.request.GET.copy()
        export_query["export"] = "xlsx"
        export_query.pop("page", None)
        context["export_query"] = export_query.urlencode() if self.export_columns else ""
        return context
