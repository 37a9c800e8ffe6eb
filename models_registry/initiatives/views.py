from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from danvan.accounts.access import can_register, can_review_models
from danvan.audit.domain import entries_for
from danvan.audit.shown import shown_changes, trail
from danvan.errors import DomainError, StaleEdit
from danvan.lists import BoundedPaginator, ScopedListView
from danvan.numbers import record_id
from danvan.once import AlreadySubmitted, previous, submit_once
from danvan.versions import changed_since, redraw_with_current_version
from models_registry.initiatives import domain
from models_registry.initiatives import showcase as showcase_pages
from models_registry.initiatives.access import (
    can_create,
    can_edit,
    can_mark_public,
    can_replicate,
    can_replicate_from_showcase,
    initiatives_for,
    public_photos,
    recognition_in_force,
    review_queue_for,
    showcase_initiatives,
)
from models_registry.initiatives.enums import Status
from models_registry.initiatives.exporters import INITIATIVE_COLUMNS, REVIEW_QUEUE_COLUMNS
from models_registry.initiatives.filters import InitiativeFilter, ReviewQueueFilter
from models_registry.initiatives.forms import SECTIONS, InitiativeForm, MoveForm, ReplicateForm, SimilarNameForm
from models_registry.initiatives.models import Initiative
from models_registry.initiatives.tables import InitiativeTable, ReviewQueueTable
from models_registry.initiatives.workflow import (
    BUTTON_MOVES,
    StaleTransition,
    TransitionNotAllowed,
    change_status,
    move_label,
    move_named,
    moves_for,
)
from models_registry.units.access import units_for
from models_registry.units.enums import UnitKind

DETAIL_RELATED = ["unit__area", "field", "phase", "created_by", "updated_by"]


class InitiativeListView(ScopedListView):
    filterset_class = InitiativeFilter
    table_class = InitiativeTable
    export_columns = INITIATIVE_COLUMNS
    export_what = "mo-hinh"
    export_key = "initiatives"
    template_name = "initiatives/list.html"
    cache_results = True  # its rows show the models and their unit, area, field and phase: nothing else
    # The rows of the page leave the long registration texts in the database.
    table_only = [
        "name",
        "kind",
        "status",
        "registered_on",
        "status_changed_at",
        "unit__name",
        "unit__area__name",
        "unit__area__division_type",
        "unit__area__valid_to",
        "field__name",
        "phase__name",
    ]

    title = gettext_lazy("Models and exemplars")

    def may_create(self) -> bool:
        return can_create(self.request.user)

    def scoped_queryset(self):
        return initiatives_for(self.request.user).select_related("unit__area", "field", "phase")

    def export_rows(self):
        # The source of a copy is named only when it lies in the user's area too.
        source = initiatives_for(self.request.user).filter(pk=OuterRef("replicated_from_id")).values("name")[:1]
        return super().export_rows().annotate(recognised=recognition_in_force(), source_name=Subquery(source))


class ReviewQueueView(ScopedListView):
    filterset_class = ReviewQueueFilter
    table_class = ReviewQueueTable
    export_columns = REVIEW_QUEUE_COLUMNS
    export_what = "cho-duyet"
    export_key = "review_queue"
    template_name = "initiatives/review_queue.html"

    title = gettext_lazy("Review queue")

    def dispatch(self, request, *args, **kwargs):
        if not can_review_models(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def scoped_queryset(self):
        return review_queue_for(self.request.user).select_related("unit__area", "field")


# --- detail ----------------------------------------------------------------------------------------


def initiative_detail(request, pk):
    initiative = get_object_or_404(initiatives_for(request.user).select_related(*DETAIL_RELATED), pk=pk)
    return render(request, "initiatives/detail.html", detail_context(request.user, initiative))


def detail_context(user, initiative: Initiative) -> dict:
    """Everything the detail page shows, each list in one query whatever its length."""
    history = list(initiative.status_changes.select_related("by"))
    visible = initiatives_for(user).select_related("unit")
    source = visible.filter(pk=initiative.replicated_from_id).first() if initiative.replicated_from_id else None
    moves = [(to, move) for to, move in moves_for(user, initiative) if not move.via_form]
    return {
        "initiative": initiative,
        "sections": _content_sections(initiative),
        "files": list(initiative.evidence_files.select_related("uploaded_by")),
        "timeline": [(change, _timeline_label(change, initiative)) for change in history],
        "return_note": domain.last_return(initiative, history),
        "changes_since_return": _since_return(domain.changes_since_return(initiative, history))
        if initiative.status == Status.SUBMITTED
        else [],
        "source": source,
        "source_hidden": bool(initiative.replicated_from_id and source is None),
        "replications": list(visible.filter(replicated_from=initiative)),
        "moves": moves,
        "audit": _trail(entries_for(initiative)[:50]),
        "can_edit": can_edit(user, initiative),
        "can_replicate": can_replicate(user, initiative),
        "can_mark_public": can_register(user),
        "missing": domain.field_labels(domain.missing_for_submission(initiative)) if can_edit(user, initiative) else [],
    }


def _content_sections(initiative: Initiative) -> list:
    """(title, [(label, value)]) for the registration content and the results."""
    meta = Initiative._meta
    rows = []
    for title, _text, names in SECTIONS[2:]:
        rows.append((title, [(meta.get_field(name).verbose_name, getattr(initiative, name)) for name in names]))
    return rows


def _timeline_label(change, initiative: Initiative) -> str:
    if not change.from_status and initiative.replicated_from_id:
        return _("Created by replication")
    return move_label(change.from_status, change.to_status)


AUDIT_LABELS = {
    "evidence": gettext_lazy("Evidence file"),
    "evidence_public": gettext_lazy("Photo shown in public"),
    "outstanding": gettext_lazy("Outstanding"),
}
FILE_CHANGES = ("evidence", "evidence_public")  # changes of the files, not of the model's fields


def _trail(entries) -> list:
    """Audit entries as a person reads them, fields in the form's order."""
    return trail(entries, Initiative, order=domain.TRACKED_FIELDS, labels=AUDIT_LABELS)


def _since_return(changes) -> list:
    """(label, then, now): the changed fields in the form's order, then each evidence file added or removed."""
    fields = {name: [old, new] for name, old, new in changes if name not in FILE_CHANGES}
    rows = shown_changes(Initiative, fields, order=domain.TRACKED_FIELDS)
    for name, old, new in changes:
        if name in FILE_CHANGES:
            rows += shown_changes(Initiative, {name: [old, new]}, labels=AUDIT_LABELS)
    return rows


# --- create and edit -------------------------------------------------------------------------------


def _model_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in domain.TRACKED_FIELDS}


def initiative_create(request):
    if not can_create(request.user):
        raise PermissionDenied
    if request.method == "POST" and (done := previous(request)) is not None:
        return redirect(done)  # the same form, sent again: the model it made
    submitting = request.POST.get("action") == "submit"
    form = InitiativeForm(request.POST or None, request.FILES or None, user=request.user, submitting=submitting)
    similar_form = SimilarNameForm(request.POST or None)
    similar = []
    if request.method == "POST" and form.is_valid():
        similar = list(domain.similar_initiatives(form.cleaned_data["name"], form.cleaned_data["unit"])[:5])
        confirmed = similar_form.is_valid() and similar_form.cleaned_data["confirm_similar"]
        if not similar or confirmed:
            try:
                initiative = submit_once(
                    form.cleaned_data["once"],
                    by=request.user,
                    create=lambda: domain.create_initiative(
                        by=request.user, files=form.cleaned_data["files"], submit=submitting, **_model_values(form)
                    ),
                )
            except AlreadySubmitted as done:
                return redirect(done.record)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _saved_message(initiative, submitting))
                return redirect(initiative)
    context = {
        "form": form,
        "initiative": None,
        "similar": similar,
        "similar_form": similar_form,
        "files_lost": bool(request.FILES),
    }
    return render(request, "initiatives/form.html", context)


def initiative_edit(request, pk):
    initiative = get_object_or_404(initiatives_for(request.user).select_related(*DETAIL_RELATED), pk=pk)
    if not can_create(request.user):
        raise PermissionDenied
    if not can_edit(request.user, initiative):
        messages.info(
            request, _("Only a draft can be edited; this model is “%(status)s”.") % {"status": initiative.get_status_display()}
        )
        return redirect(initiative)
    meanwhile = []
    submitting = request.POST.get("action") == "submit"
    form = InitiativeForm(
        request.POST or None, request.FILES or None, instance=initiative, user=request.user, submitting=submitting
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = domain.update_initiative(
                initiative,
                by=request.user,
                values=_model_values(form),
                files=form.cleaned_data["files"],
                remove_files=form.cleaned_data["remove_files"],
                submit=submitting,
                seen=form.cleaned_data["seen"] or None,
            )
        except StaleEdit as error:
            meanwhile = _changed_meanwhile(form, initiative, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _saved_message(saved, submitting))
            return redirect(saved)
    context = {
        "form": form,
        "initiative": initiative,
        "files_lost": bool(request.FILES),
        "return_note": domain.last_return(initiative),
        "meanwhile": meanwhile,
    }
    return render(request, "initiatives/form.html", context)


def _changed_meanwhile(form, initiative: Initiative, error) -> list:
    """After a failed compare-and-swap: the message, the other person's changes, the user's input kept and the form
    carrying the current version."""
    current = Initiative.objects.get(pk=initiative.pk)
    entries = changed_since(current, form.cleaned_data["seen"])
    redraw_with_current_version(form, current, entries)
    form.add_error(None, error.message)
    return _trail(entries)


def _saved_message(initiative: Initiative, submitting: bool) -> str:
    if submitting:
        return _("“%(name)s” was saved and submitted for approval.") % {"name": initiative.name}
    if initiative.status == Status.RETURNED:
        return _("“%(name)s” was saved. It stays returned until you resubmit it.") % {"name": initiative.name}
    return _("“%(name)s” was saved as a draft.") % {"name": initiative.name}


@require_GET
def similar_names(request):
    """The similar-name warning, drawn while the officer types (htmx)."""
    unit_id = record_id(request.GET.get("unit"))
    unit = units_for(request.user).filter(pk=unit_id).first() if unit_id else None
    similar = domain.similar_initiatives(request.GET.get("name", ""), unit, exclude_pk=record_id(request.GET.get("exclude")))
    return render(request, "initiatives/_similar.html", {"similar": list(similar[:5]), "live": True})


# --- moves -----------------------------------------------------------------------------------------


@require_POST
def initiative_move(request, pk, move):
    """Make one move of the workflow (submit, return, approve, reject, discontinue) from the current status."""
    initiative = get_object_or_404(initiatives_for(request.user).select_related(*DETAIL_RELATED), pk=pk)
    if move not in BUTTON_MOVES:
        raise Http404
    to = move_named(initiative, move)
    form = MoveForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if to is None:  # the page was drawn before someone else moved the model on
            raise StaleTransition(_("Someone else changed this model first. The page shows it as it is now."))
        change_status(initiative, to, by=request.user, note=note)
    except StaleTransition as error:
        messages.warning(request, error.message)
    except TransitionNotAllowed as error:  # a refusal, not a page to go back to: 403 with the reason
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _moved_message(to))
    return redirect(initiative)


def _moved_message(to: str) -> str:
    return _("The model is now “%(status)s”.") % {"status": Status(to).label}


def initiative_replicate(request, pk):
    """Its own page: the choice of unit lists every unit of the area, too long to carry on every detail page."""
    source = get_object_or_404(initiatives_for(request.user).select_related(*DETAIL_RELATED), pk=pk)
    if not can_replicate(request.user, source):
        raise PermissionDenied
    return _replicate_page(request, source)


def _replicate_page(request, source):
    if request.method == "POST" and (done := previous(request)) is not None:
        return redirect("initiatives:edit", pk=done.pk)
    form = ReplicateForm(request.POST or None, user=request.user)
    if request.method != "POST" or not form.is_valid():
        return render(request, "initiatives/replicate.html", {"initiative": source, "form": form})
    try:
        copy = submit_once(
            form.cleaned_data["once"],
            by=request.user,
            create=lambda: domain.replicate(source, unit=form.cleaned_data["unit"], by=request.user),
        )
    except AlreadySubmitted as done:
        return redirect("initiatives:edit", pk=done.record.pk)
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "initiatives/replicate.html", {"initiative": source, "form": form})
    messages.success(
        request, _("A new draft was created in %(unit)s from this model. Complete it and submit it.") % {"unit": copy.unit}
    )
    return redirect("initiatives:edit", pk=copy.pk)


# --- evidence files --------------------------------------------------------------------------------


def evidence_download(request, pk, file_pk):
    """An evidence file, only through its model's scope, always as a download."""
    initiative = get_object_or_404(initiatives_for(request.user), pk=pk)
    evidence = get_object_or_404(initiative.evidence_files.all(), pk=file_pk)
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- public showcase -------------------------------------------------------------------------------


@login_not_required
def showcase(request):
    """Recognised models for the public, filtered and searched: no login, no personal data, no documents."""
    version = showcase_pages.current_version()
    choices = showcase_pages.cached("choices", version, showcase_pages.Choices.load)
    query = showcase_pages.ShowcaseQuery.from_get(request.GET, choices)
    body = showcase_pages.cached("list:" + query.key, version, lambda: _showcase_list_body(query, choices))
    context = {
        "body": body,
        "query": query,
        "totals": showcase_pages.cached("totals", version, showcase_pages.totals),
        "title": _showcase_title(query, choices),
    }
    return render(request, "initiatives/showcase.html", context)


def _showcase_title(query, choices) -> str:
    """A shareable page's title names its filters: "Mô hình được công nhận · Hà Nội · Kinh tế · 2025"."""
    parts = [
        choices.provinces.get(query.province),
        choices.fields.get(query.field),
        choices.levels.get(query.level),
        str(query.year) if query.year else None,
        dict(UnitKind.choices).get(query.unit_kind),
        f"“{query.q}”" if query.q else None,
    ]
    return " · ".join([str(_("Recognised “Dân vận khéo” models")), *[str(part) for part in parts if part]])


def _showcase_list_body(query, choices) -> str:
    # The total is counted up to LIST_COUNT_CAP, as on the lists: an exact count would grow with the registry.
    page = BoundedPaginator(showcase_pages.showcase_rows(query, choices), showcase_pages.PER_PAGE).get_page(query.page)
    provinces = showcase_pages.province_names()
    for initiative in page:
        initiative.province_name = provinces.get(initiative.province_path, "")
    context = {
        "page": page,
        "query": query,
        "filters": _showcase_filters(query, choices),
        "previous_url": query.url(page=page.number - 1),
        "next_url": query.url(page=page.number + 1),
    }
    return render_to_string("initiatives/_showcase_list.html", context)


def _showcase_filters(query, choices) -> list:
    """(name, label, [(value, text)], chosen value) of each select of the showcase's filter form."""
    years = [(str(year), str(year)) for year in range(timezone.localdate().year, 2015, -1)]
    return [
        ("province", _("Province"), choices.provinces.items(), query.province),
        ("field", _("Field"), choices.fields.items(), query.field),
        ("level", _("Level"), choices.levels.items(), query.level),
        ("year", _("Year recognised"), years, str(query.year or "")),
        ("unit_kind", _("Unit kind"), UnitKind.choices, query.unit_kind),
    ]


@login_not_required
def showcase_detail(request, pk):
    """One recognised model's public parts: situation, method, results and the photos marked public."""
    version = showcase_pages.current_version()
    found = showcase_pages.cached(f"detail:{pk}", version, lambda: _showcase_detail_body(pk))
    if found is None:
        raise Http404
    title, body = found
    context = {"title": title, "body": body, "pk": pk}
    context["can_replicate"] = request.user.is_authenticated and can_register(request.user)
    return render(request, "initiatives/showcase_detail.html", context)


def _showcase_detail_body(pk):
    initiative = showcase_initiatives().filter(pk=pk).annotate(replication_count=showcase_pages.replication_count()).first()
    if initiative is None:
        return None
    context = {
        "initiative": initiative,
        "sections": _public_sections(initiative),
        "photos": list(public_photos(initiative)),
        "province": showcase_pages.province_names().get(initiative.province_path, ""),
    }
    return initiative.name, render_to_string("initiatives/_showcase_detail.html", context)


def _public_sections(initiative: Initiative) -> list:
    """The public parts of the registration: situation, goals, method, place, outputs, sustainability, results."""
    meta = Initiative._meta
    names = ["situation", "goals", "content_method", "place_target", "expected_outputs", "sustainability"]
    content = [(meta.get_field(name).verbose_name, getattr(initiative, name)) for name in names]
    results = [(meta.get_field(name).verbose_name, getattr(initiative, name)) for name in domain.RESULT_FIELDS]
    return [(_("Registration content"), content), (_("Measurable results"), results)]


@login_not_required
def showcase_photo(request, pk, file_pk):
    """A photo its officer marked public, of a model on show: shown in the page, never any other file."""
    initiative = get_object_or_404(showcase_initiatives(), pk=pk)
    photo = get_object_or_404(public_photos(initiative), pk=file_pk)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def showcase_replicate(request, pk):
    """ "Nhân rộng về đơn vị tôi": an editor copies a model on show into a unit of their own area."""
    source = get_object_or_404(showcase_initiatives().select_related(*DETAIL_RELATED), pk=pk)
    if not can_replicate_from_showcase(request.user, source):
        raise PermissionDenied
    return _replicate_page(request, source)


@require_POST
def evidence_public(request, pk, file_pk):
    """Mark a photo as allowed (or no longer allowed) in the public showcase."""
    initiative = get_object_or_404(initiatives_for(request.user), pk=pk)
    evidence = get_object_or_404(initiative.evidence_files.all(), pk=file_pk)
    if not can_mark_public(request.user, evidence):
        raise PermissionDenied
    public = request.POST.get("public") == "1"
    domain.mark_public(evidence, public, by=request.user)
    if public:
        messages.success(request, _("The photo may now be shown in the public showcase."))
    else:
        messages.success(request, _("The photo is no longer shown in the public showcase."))
    return redirect(initiative)
