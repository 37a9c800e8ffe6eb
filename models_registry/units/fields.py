"""Area pickers: each area by its label (type, name and, for a former one, its end), grouped "Hiện nay" and
"Trước 01/07/2025" so that huyện Gia Lâm and xã Gia Lâm are told apart."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext as _

AREA_LABEL_FIELDS = ("pk", "name", "division_type", "level", "path", "valid_to")


class GroupedAreaChoices(BaseChoiceIterator):
    """The field's choices, read when the select is drawn (as Django's own model choices are): the empty choice,
    then the current areas and the former ones in two groups (one flat list when there is no former area)."""

    def __init__(self, field):
        self.field = field
        self._grouped = None

    def grouped(self) -> list:
        if self._grouped is None:  # read once per drawing: a select asks for its choices more than once
            self._grouped = self._group()
        return self._grouped

    def _group(self) -> list:
        empty, current, former = [], [], []
        for value, label in forms.ModelChoiceField.choices.fget(self.field):
            if value == "":
                empty.append((value, label))
            else:
                (former if value.instance.valid_to else current).append((value, label))
        if not former:
            return [*empty, *current]
        return [*empty, (_("Current"), current), (_("Before 01/07/2025"), former)]

    def __iter__(self):
        return iter(self.grouped())

    def __len__(self):
        return len(self.grouped())


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label

    choices = property(GroupedAreaChoices, forms.ChoiceField.choices.fset)
