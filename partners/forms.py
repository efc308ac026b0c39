from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import DateInput, check_date_range, members_of
from oeplanner.models import User

from . import matching
from .merging import MERGE_FIELDS, choice_value, default_sources
from .models import Contact, FollowUp, Interaction, Network, Partner, ProtocolStep, Stage, Tag


class TagsField(forms.CharField):
    """Tags typed as a comma-separated list; new names become new tags of the organization."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Separate tags with commas."))
        super().__init__(**kwargs)

    def to_python(self, value):
        names = [name.strip() for name in (value or "").split(",")]
        return sorted({name[:60] for name in names if name}, key=str.lower)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value)
        return value


def website_field():
    return forms.URLField(label=_("Website"), max_length=500, required=False, assume_scheme="https")


class PartnerForm(forms.ModelForm):
    website = website_field()
    # Not a model field of the form: typed names are turned into the organization's tags in save_tags.
    tags = TagsField(label=_("Tags"))

    class Meta:
        model = Partner
        fields = [
            "name",
            "sector",
            "kind",
            "size",
            "country",
            "region",
            "city",
            "street",
            "postal_code",
            "phone",
            "website",
            "wikidata_qid",
            "thematic_focus",
            "description",
            "networks",
            "suggested_by",
            "stage",
            "owner",
            "short_term_value",
            "long_term_value",
            "capacity",
            "is_similar_organization",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "networks": forms.CheckboxSelectMultiple,
            "short_term_value": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "long_term_value": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "capacity": forms.NumberInput(attrs={"min": 1, "max": 5}),
        }
        help_texts = {"short_term_value": _("1 (low) to 5 (high).")}

    def __init__(self, *args, organization, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["stage"].queryset = organization.stages.all()
        self.fields["stage"].empty_label = None
        if membership.is_staff_or_admin:
            self.fields["owner"].queryset = members_of(organization)
        else:
            # Assigning owners is staff's: a volunteer's new partner is theirs, an edit keeps its owner.
            del self.fields["owner"]
            if self.instance.pk is None:
                self.instance.owner_id = membership.user_id
        self.fields["networks"].queryset = organization.networks.all()
        if self.instance.pk:
            self.initial["tags"] = [tag.name for tag in self.instance.tags.all()]
        self.duplicates = []

    def clean_wikidata_qid(self):
        return self.cleaned_data["wikidata_qid"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        # The "Save anyway" button of the duplicate warning sends confirm_duplicate.
        if self.errors or self.data.get("confirm_duplicate"):
            return cleaned
        self.duplicates = [
            (partner, matching.REASONS[reason], certain)
            for partner, reason, certain in matching.find_duplicates(
                self.organization,
                name=cleaned.get("name", ""),
                city=cleaned.get("city", ""),
                country=cleaned.get("country", ""),
                website=cleaned.get("website", ""),
                wikidata_qid=cleaned.get("wikidata_qid", ""),
                exclude_pk=self.instance.pk,
            )
        ]
        if self.duplicates:
            raise ValidationError(
                _("This partner may already exist. Open the match, or save anyway."), code="duplicate"
            )
        return cleaned

    def save(self, commit=True):
        partner = super().save(commit=False)
        partner.organization = self.organization
        if commit:
            partner.save()
            self.save_m2m()
            self.save_tags(partner)
        return partner

    def save_tags(self, partner):
        names = self.cleaned_data["tags"]
        ids = Tag.objects.ids_by_name(self.organization, names)
        partner.tags.set({ids[name.lower()] for name in names})


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "role", "email", "phone", "is_primary", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class NetworkForm(forms.ModelForm):
    website = website_field()

    class Meta:
        model = Network
        fields = ["name", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = self.instance.organization.networks.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("A network with this name already exists."))
        return name


class InteractionForm(forms.ModelForm):
    """An interaction and, optionally, its follow-up: one form, one save."""

    follow_up_title = forms.CharField(label=_("Follow-up"), max_length=255, required=False)
    follow_up_due_on = forms.DateField(label=_("Follow-up due"), required=False, widget=DateInput())
    follow_up_assignee = forms.ModelChoiceField(
        label=_("Follow-up assignee"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Interaction
        fields = [
            "occurred_on",
            "kind",
            "is_targeted",
            "event_name",
            "our_participants",
            "their_participants",
            "summary",
            "benefits",
            "their_responsibilities",
            "our_commitments",
            "next_steps",
        ]
        widgets = {
            "occurred_on": DateInput(),
            "our_participants": forms.CheckboxSelectMultiple,
            "their_participants": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "their_responsibilities": forms.Textarea(attrs={"rows": 2}),
            "our_commitments": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, partner, with_follow_up=True, **kwargs):
        super().__init__(*args, **kwargs)
        members = members_of(partner.organization)
        self.fields["our_participants"].queryset = members
        self.fields["their_participants"].queryset = partner.contacts.all()
        self.fields["follow_up_assignee"].queryset = members
        if not self.instance.pk:
            self.initial.setdefault("occurred_on", timezone.localdate())
        if not with_follow_up:
            for name in ("follow_up_title", "follow_up_due_on", "follow_up_assignee"):
                del self.fields[name]

    def clean_occurred_on(self):
        return check_date_range(self.cleaned_data["occurred_on"], years_ahead=1, field_label=_("The date"))

    def clean_follow_up_due_on(self):
        value = self.cleaned_data.get("follow_up_due_on")
        return value and check_date_range(value, years_ahead=5, field_label=_("The follow-up date"))

    def clean(self):
        cleaned = super().clean()
        if "follow_up_title" not in self.fields:
            return cleaned
        names = ("follow_up_title", "follow_up_due_on", "follow_up_assignee")
        if any(self.data.get(self.add_prefix(name)) for name in names):
            if not cleaned.get("follow_up_due_on") and "follow_up_due_on" not in self.errors:
                self.add_error("follow_up_due_on", _("Give the follow-up a due date."))
            if not cleaned.get("follow_up_assignee"):
                self.add_error("follow_up_assignee", _("Choose who is responsible for the follow-up."))
        return cleaned

    def follow_up(self):
        """The unsaved follow-up asked for in the form, or None."""
        cleaned = self.cleaned_data
        if not cleaned.get("follow_up_due_on"):
            return None
        title = cleaned.get("follow_up_title") or cleaned.get("next_steps", "").split("\n")[0][:255]
        return FollowUp(
            title=title or _("Follow up"),
            due_on=cleaned["follow_up_due_on"],
            assignee=cleaned["follow_up_assignee"],
        )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["title", "due_on", "assignee"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members_of(organization)
        self.fields["assignee"].error_messages["required"] = _("Choose who is responsible for the follow-up.")

    def clean_due_on(self):
        return check_date_range(self.cleaned_data["due_on"], years_ahead=5, field_label=_("The due date"))


class StageMoveForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("Move to stage"), queryset=Stage.objects.none(), empty_label=None)
    confirm_unfinished = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        stages = partner.organization.stages.exclude(pk=partner.stage_id)
        self.fields["stage"].queryset = stages
        self.stages = list(stages)
        self.fields["stage"].choices = [(stage.pk, str(stage)) for stage in self.stages]  # not read a second time
        # Offer the next stage first: moving forward is the usual move.
        following = [s for s in self.stages if (s.position, s.pk) > (partner.stage.position, partner.stage.pk)]
        if following:
            self.initial.setdefault("stage", following[0].pk)


class StageForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["name", "position", "cadence_days"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = self.instance.organization.stages.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise ValidationError(_("Another stage already has this name."))
        return name


ProtocolStepFormSet = inlineformset_factory(Stage, ProtocolStep, fields=["text", "position"], extra=2, can_delete=True)


class MergeForm(forms.Form):
    """Field by field, whose value the surviving partner keeps. Fields with the same value on both ask nothing."""

    def __init__(self, *args, survivor, merged, **kwargs):
        super().__init__(*args, **kwargs)
        self.survivor, self.merged = survivor, merged
        self.same = []  # (label, value) of the fields both partners share
        defaults = default_sources(survivor, merged)
        for name in MERGE_FIELDS:
            label = capfirst(Partner._meta.get_field(name).verbose_name)
            if choice_value(survivor, name) == choice_value(merged, name):
                self.same.append((label, display_value(survivor, name)))
                continue
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[("survivor", display_value(survivor, name)), ("merged", display_value(merged, name))],
                initial=defaults[name],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose which value to keep.")},
            )

    def taken_from_merged(self):
        return [name for name, source in self.cleaned_data.items() if source == "merged"]


def display_value(partner, name):
    """A field's value as the partner page shows it; a dash when empty."""
    field = Partner._meta.get_field(name)
    value = getattr(partner, name)
    if value in ("", None):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.choices:
        return getattr(partner, f"get_{name}_display")()
    if name == "country":
        return value.name
    return str(value)
