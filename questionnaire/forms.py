from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import DateInput, members_of
from oeplanner.models import User
from oeplanner.spreadsheets import FileRefused, check_size

from .models import Recommendation, Reflection, Round, Statement

DONT_KNOW = "dk"
SCORE_CHOICES = [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), (DONT_KNOW, _("Don't know"))]


class StatementForm(forms.ModelForm):
    class Meta:
        model = Statement
        fields = ["area", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "text": _(
                "A statement members can agree with from 1 (not at all) to 5 (fully). Rounds already "
                "opened keep the wording they were asked with."
            )
        }


class RoundForm(forms.ModelForm):
    invited = forms.ModelMultipleChoiceField(
        label=_("Invited members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Members who may answer this round."),
    )

    class Meta:
        model = Round
        fields = ["name", "opens_on", "closes_on", "anonymous", "invited"]
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invited"].queryset = members_of(organization)
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. 2026 self-assessment")

    def clean_invited(self):
        invited = self.cleaned_data["invited"]
        if not invited:
            raise forms.ValidationError(_("Invite at least one member."))
        return invited

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The round cannot close before it opens (%(date)s).") % {"date": opens_on})
        if self.instance.pk and self.instance.anonymous and not cleaned.get("anonymous", True):
            if self.instance.responses.exists():
                self.add_error(
                    "anonymous",
                    _("Members have already answered in confidence; this round must stay anonymous."),
                )
        return cleaned


class ResponseForm(forms.Form):
    """A score and a comment for each statement of a round."""

    def __init__(self, *args, round_statements, answers=None, **kwargs):
        initial = {}
        for answer in (answers or {}).values():
            initial[f"score_{answer.statement_id}"] = DONT_KNOW if answer.score is None else str(answer.score)
            initial[f"comment_{answer.statement_id}"] = answer.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.round_statements = round_statements
        for round_statement in round_statements:
            self.fields[f"score_{round_statement.statement_id}"] = forms.ChoiceField(
                label=f"{round_statement.number}. {round_statement.text}",
                choices=SCORE_CHOICES,
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": _("Choose a score from 1 to 5, or “Don't know”.")},
            )
            self.fields[f"comment_{round_statement.statement_id}"] = forms.CharField(
                label=_("Comment on statement %(number)d (optional)") % {"number": round_statement.number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=2000,
            )

    def rows(self):
        """(round statement, score field, comment field) for the template."""
        return [
            (ri, self[f"score_{ri.statement_id}"], self[f"comment_{ri.statement_id}"]) for ri in self.round_statements
        ]

    def clean(self):
        cleaned = super().clean()
        for round_statement in self.round_statements:
            score = cleaned.get(f"score_{round_statement.statement_id}")
            comment = cleaned.get(f"comment_{round_statement.statement_id}", "")
            if comment.strip() and not score and f"score_{round_statement.statement_id}" not in self.errors:
                self.add_error(
                    f"score_{round_statement.statement_id}",
                    _("Choose a score or “Don't know” to go with your comment."),
                )
        return cleaned

    def answers(self):
        """``{statement_id: (score or None, comment)}`` of the statements answered."""
        result = {}
        for round_statement in self.round_statements:
            value = self.cleaned_data.get(f"score_{round_statement.statement_id}")
            if value:
                score = None if value == DONT_KNOW else int(value)
                result[round_statement.statement_id] = (
                    score,
                    self.cleaned_data.get(f"comment_{round_statement.statement_id}", "").strip(),
                )
        return result

    def missing(self):
        return [ri for ri in self.round_statements if not self.cleaned_data.get(f"score_{ri.statement_id}")]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per respondent and one column per statement (Q1, Q2…). UTF-8 or Windows encodings, "
            "commas or semicolons."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = [
            "verdict",
            "does_well",
            "does_less_well",
            "agreement",
            "agreement_notes",
            "surprises",
            "strengths_and_challenges",
            "importance",
            "priority",
        ]
        widgets = {
            "verdict": forms.RadioSelect,
            "agreement": forms.RadioSelect,
            "importance": forms.RadioSelect,
            "priority": forms.RadioSelect,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("does_well", "does_less_well", "agreement_notes", "surprises", "strengths_and_challenges")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("verdict", "agreement", "importance", "priority"):
            # A radio list has no blank entry: leaving all unticked means "not decided yet".
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class RecommendationStatusForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["status", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 1})}


class BaseRecommendationFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        # A row whose id is not among this organization's recommendations would become a new object.
        if any(form.instance._state.adding for form in self.forms):
            raise forms.ValidationError(_("The list of recommendations changed meanwhile. Reload the page."))


RecommendationFormSet = modelformset_factory(
    Recommendation,
    form=RecommendationStatusForm,
    formset=BaseRecommendationFormSet,
    extra=0,
    can_delete=False,
    edit_only=True,
)
