from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danvan.audit.domain import entries_for
from danvan.audit.shown import trail
from danvan.errors import DomainError, NotAllowed
from danvan.lists import ScopedListView
from danvan.numbers import record_id
from danvan.once import AlreadySubmitted, previous, submit_once
from models_registry.awards import access, documents, domain
from models_registry.awards.exporters import AWARD_COLUMNS, PROPOSAL_COLUMNS, RECOGNITION_COLUMNS
from models_registry.awards.filters import AwardFilter, ProposalFilter, RecognitionFilter
from models_registry.awards.forms import (
    AwardRecordForm,
    DecideForm,
    OutstandingForm,
    ProposalForm,
    ProposalItemForm,
    RecognitionForm,
    RevokeForm,
)
from models_registry.awards.models import AwardProposal
from models_registry.awards.tables import AwardTable, ProposalTable, RecognitionTable
from models_registry.initiatives.access import initiatives_for
from models_registry.initiatives.workflow import StaleTransition

# ---------------------------------------------------------------- lists


class RecognitionListView(ScopedListView):
    filterset_class = RecognitionFilter
    table_class = RecognitionTable
    export_columns = RECOGNITION_COLUMNS
    export_what = "cong-nhan"
    export_key = "recognitions"
    template_name = "awards/recognition_list.html"

    title = gettext_lazy("Recognitions")

    def scoped_queryset(self):
        return access.recognitions_for(self.request.user).select_related("initiative__unit__area", "level", "office")


class AwardListView(ScopedListView):
    filterset_class = AwardFilter
    table_class = AwardTable
    export_columns = AWARD_COLUMNS
    export_what = "khen-thuong"
    export_key = "awards"
    template_name = "awards/list.html"

    title = gettext_lazy("Awards")

    def may_create(self) -> bool:
        return access.can_record_award(self.request.user)

    def scoped_queryset(self):
        return access.awards_for(self.request.user).select_related("award_form", "initiative__unit", "unit", "area")


class ProposalListView(ScopedListView):
    filterset_class = ProposalFilter
    table_class = ProposalTable
    export_columns = PROPOSAL_COLUMNS
    export_what = "de-nghi-khen-thuong"
    export_key = "proposals"
    template_name = "awards/proposal_list.html"

    title = gettext_lazy("Award proposals")

    def may_create(self) -> bool:
        return access.can_propose(self.request.user)

    def scoped_queryset(self):
        return (
            access.proposals_for(self.request.user)
            .select_related("office", "award_form")
            .annotate(item_count=Count("items"), awarded_count=Count("items", filter=Q(items__outcome="awarded")))
        )


# ---------------------------------------------------------------- recognition


def _back(initiative, anchor="awards"):
    return redirect(f"{initiative.get_absolute_url()}#{anchor}")


def recognise(request, initiative_pk):
    initiative = get_object_or_404(initiatives_for(request.user).select_related("unit__area"), pk=initiative_pk)
    if not access.can_recognise(request.user, initiative):
        raise PermissionDenied
    form = RecognitionForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            domain.recognise(
                initiative,
                by=request.user,
                level=data["level"],
                decision_no=data["decision_no"],
                decided_on=data["decided_on"],
                signer=data["signer"],
                file=data.get("file"),
            )
        except StaleTransition as error:
            messages.error(request, error.message)
            return _back(initiative)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The model was recognised."))
            return _back(initiative)
    return render(request, "awards/recognise.html", {"initiative": initiative, "form": form})


def recognition_revoke(request, pk):
    recognition = get_object_or_404(
        access.recognitions_for(request.user).select_related("initiative__unit__area", "level"), pk=pk
    )
    initiative = recognition.initiative
    can_revoke, can_replace = access.can_revoke(request.user, recognition), access.can_replace(request.user, recognition)
    if not (can_revoke or can_replace):
        raise PermissionDenied
    form = RevokeForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        can_revoke_only=can_revoke,
        initial={"level": recognition.level_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["replace"]:
                domain.replace_recognition(
                    recognition,
                    by=request.user,
                    reason=data["reason"],
                    level=data["level"],
                    decision_no=data["decision_no"],
                    decided_on=data["decided_on"],
                    signer=data["signer"],
                    file=data.get("file"),
                )
            else:
                domain.revoke_recognition(recognition, by=request.user, reason=data["reason"])
        except StaleTransition as error:
            messages.error(request, error.message)
            return _back(initiative)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The decision was revoked and replaced.") if data["replace"] else _("The decision was revoked."),
            )
            return _back(initiative)
    context = {"recognition": recognition, "initiative": initiative, "form": form}
    return render(request, "awards/revoke.html", context)


def certificate(request, pk):
    """The printable certificate of recognition (Giấy công nhận), A4."""
    recognition = get_object_or_404(
        access.recognitions_for(request.user).select_related(
            "initiative__unit__area", "initiative__field", "initiative__phase", "level", "office__area"
        ),
        pk=pk,
    )
    context = {"recognition": recognition, "initiative": recognition.initiative, "doc": documents.certificate_layout(recognition)}
    return render(request, "awards/certificate.html", context)


def recognition_file(request, pk):
    recognition = get_object_or_404(access.recognitions_for(request.user), pk=pk)
    return _file_response(recognition.file, f"quyet-dinh-cong-nhan-{recognition.pk}")


def award_file(request, pk):
    award = get_object_or_404(access.awards_for(request.user), pk=pk)
    return _file_response(award.file, f"quyet-dinh-khen-thuong-{award.pk}")


def _file_response(file, name):
    if not file:
        raise Http404
    suffix = file.name.rsplit(".", 1)[-1] if "." in file.name else "bin"
    return FileResponse(file.open("rb"), as_attachment=True, filename=f"{name}.{suffix}")


@require_POST
def outstanding_mark(request, initiative_pk):
    initiative = get_object_or_404(initiatives_for(request.user).select_related("unit__area"), pk=initiative_pk)
    form = OutstandingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a valid year."))
        return _back(initiative)
    try:
        domain.mark_outstanding(initiative, by=request.user, year=form.cleaned_data["year"], note=form.cleaned_data["note"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Marked outstanding for %(year)s.") % {"year": form.cleaned_data["year"]})
    return _back(initiative)


@require_POST
def outstanding_unmark(request, pk):
    mark = get_object_or_404(access.outstanding_for(request.user).select_related("initiative__unit__area"), pk=pk)
    try:
        domain.unmark_outstanding(mark, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The outstanding mark was removed."))
    return _back(mark.initiative)


# ---------------------------------------------------------------- proposals


def proposal_create(request):
    if not access.can_propose(request.user):
        raise PermissionDenied
    if request.method == "POST" and (done := previous(request)) is not None:
        return redirect("awards:proposal", done.pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "once"}
        try:
            proposal = submit_once(
                form.cleaned_data["once"], by=request.user, create=lambda: domain.create_proposal(by=request.user, **fields)
            )
        except AlreadySubmitted as done:
            return redirect("awards:proposal", done.record.pk)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The proposal was created. Add its recipients."))
            return redirect("awards:proposal", proposal.pk)
    return render(request, "awards/proposal_form.html", {"form": form})


def _proposal(request, pk):
    return get_object_or_404(access.proposals_for(request.user).select_related("office__area", "award_form", "created_by"), pk=pk)


def proposal_detail(request, pk, item_form=None, decide_form=None):
    """A proposal and its recipients; ?export=docx: its Tờ trình with the list of recipients (Word)."""
    proposal = _proposal(request, pk)
    items = list(
        proposal.items.select_related("initiative__unit__area", "unit__area", "award").prefetch_related(
            "initiative__outstanding_marks", "initiative__recognitions"
        )
    )
    if request.GET.get("export") == "docx":
        return documents.proposal_response(proposal, items)
    can_edit, can_decide = access.can_edit_proposal(request.user, proposal), access.can_decide(request.user, proposal)
    if can_edit and item_form is None:
        item_form = ProposalItemForm(user=request.user, proposal=proposal)
    if can_decide and decide_form is None:
        decide_form = DecideForm(items=items, award_form=proposal.award_form)
    context = {
        "proposal": proposal,
        "items": items,
        "can_edit": can_edit,
        "can_decide": can_decide,
        "item_form": item_form,
        "decide_form": decide_form,
        "audit": trail(entries_for(proposal)[:30], AwardProposal, labels={"recipient": _("Recipient")}),
    }
    return render(request, "awards/proposal_detail.html", context)


@require_POST
def proposal_add_item(request, pk):
    proposal = _proposal(request, pk)
    if not access.can_edit_proposal(request.user, proposal):
        raise PermissionDenied
    form = ProposalItemForm(request.POST, user=request.user, proposal=proposal)
    if form.is_valid():
        recipient = domain.Recipient.chosen(
            proposal.award_form, initiative=form.cleaned_data.get("initiative"), unit=form.cleaned_data.get("unit")
        )
        try:
            item = domain.add_to_proposal(proposal, by=request.user, recipient=recipient)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("“%(name)s” was added.") % {"name": item})
            return redirect("awards:proposal", proposal.pk)
    return proposal_detail(request, pk, item_form=form)


@require_POST
def proposal_remove_item(request, pk, item_pk):
    proposal = _proposal(request, pk)
    item = get_object_or_404(proposal.items, pk=item_pk)
    try:
        domain.remove_from_proposal(item, by=request.user)
    except NotAllowed as error:  # a refusal, not a page to go back to: 403 with the reason
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("awards:proposal", proposal.pk)


@require_POST
def proposal_send(request, pk):
    proposal = _proposal(request, pk)
    try:
        domain.send_proposal(proposal, by=request.user)
    except NotAllowed as error:
        raise PermissionDenied(error.message) from None
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The proposal was sent."))
    return redirect("awards:proposal", proposal.pk)


@require_POST
def proposal_decide(request, pk):
    proposal = _proposal(request, pk)
    if not access.can_decide(request.user, proposal):
        raise PermissionDenied
    items = list(proposal.items.select_related("initiative__unit__area", "unit__area"))
    form = DecideForm(request.POST, request.FILES, items=items, award_form=proposal.award_form)
    if form.is_valid():
        data = form.cleaned_data
        decision = domain.Decision(
            data["decision_no"], data["decided_on"], data["signer"], issuer=data["issuer"], file=data.get("file")
        )
        try:
            awards = domain.decide_proposal(
                proposal, by=request.user, decision=decision, awarded=form.awarded(), declined=form.declined()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The decision was recorded: %(count)s awarded.") % {"count": len(awards)})
            return redirect("awards:proposal", proposal.pk)
    return proposal_detail(request, pk, decide_form=form)


# ---------------------------------------------------------------- direct awards


def award_create(request):
    if not access.can_record_award(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("initiative"):
        # A number inside the user's area preselects the model; anything else ("abc", "1.5", NUL) is a 404.
        pk = record_id(request.GET["initiative"])
        if pk is None:
            raise Http404
        initial["initiative"] = get_object_or_404(initiatives_for(request.user), pk=pk).pk
    if request.method == "POST" and previous(request) is not None:
        return redirect("awards:list")  # the same form, sent again: the award is recorded once
    form = AwardRecordForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = domain.Decision(
            data["decision_no"], data["decided_on"], data["signer"], issuer=data["issuer"], file=data.get("file")
        )
        try:
            award = submit_once(
                data["once"],
                by=request.user,
                create=lambda: domain.record_award(
                    by=request.user,
                    award_form=data["award_form"],
                    year=data["year"],
                    decision=decision,
                    recipient=form.recipient(),
                ),
            )
        except AlreadySubmitted:
            return redirect("awards:list")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The award was recorded: %(award)s.") % {"award": award})
            return redirect("awards:list")
    return render(request, "awards/award_form.html", {"form": form})
