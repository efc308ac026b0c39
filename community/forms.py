from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from oeplanner.models import Organization, Role, User

from . import uploads
from .models import (
    AREA_CHOICES,
    Challenge,
    Endorsement,
    Expertise,
    HelpOffer,
    LearningPattern,
    Resource,
    ResourceFlag,
)

ANY_AREA = [("", _("Any area"))]


class OnBehalfOfMixin:
    """On a new entry, the member picks which of their organizations it belongs to.

    ``organizations`` is the queryset of organizations the member may choose; an existing entry
    keeps its organization and the field is left out."""

    def add_organization_field(self, organizations):
        if self.instance.pk:
            return
        self.fields["organization"] = forms.ModelChoiceField(
            queryset=organizations,
            label=_("On behalf of"),
            empty_label=None,
            error_messages={"invalid_choice": _("Choose one of your own organizations.")},
        )
        self.order_fields(["organization"])

    def _post_clean(self):
        if "organization" in self.cleaned_data:
            self.instance.organization = self.cleaned_data["organization"]
        super()._post_clean()


class ExpertiseForm(OnBehalfOfMixin, forms.ModelForm):
    area_list = forms.MultipleChoiceField(
        label=_("Areas"),
        choices=AREA_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one area your organization knows well.")},
    )

    class Meta:
        model = Expertise
        fields = ["description", "contact_member", "contact_email", "languages", "region"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_organization_field(organizations)
        self.order_fields(["organization", "area_list"])
        if self.instance.pk:
            self.initial["area_list"] = self.instance.area_list
            org_ids = [self.instance.organization_id]
        else:
            org_ids = list(organizations.values_list("pk", flat=True))
        self.fields["contact_member"].queryset = (
            User.objects.filter(memberships__organization_id__in=org_ids).distinct().order_by("username")
        )
        self.fields["contact_member"].help_text = _("A member of your organization others may write to.")

    def clean(self):
        data = super().clean()
        member = data.get("contact_member")
        if not member and not data.get("contact_email"):
            self.add_error("contact_email", _("Give a contact: choose a member or enter an e-mail address."))
        organization = data.get("organization") or (self.instance.organization if self.instance.pk else None)
        if member and organization and not member.memberships.filter(organization=organization).exists():
            self.add_error(
                "contact_member", _("The contact person must be a member of %(org)s.") % {"org": organization}
            )
        return data

    def save(self, commit=True):
        self.instance.area_list = self.cleaned_data["area_list"]
        return super().save(commit)


class ChallengeForm(OnBehalfOfMixin, forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["title", "description", "area", "status", "helpful_patterns", "helpful_resources"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, organizations, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_organization_field(organizations)
        self.fields["helpful_patterns"].queryset = LearningPattern.objects.visible_to(user).order_by("title")
        self.fields["helpful_resources"].queryset = Resource.objects.visible_to(user).order_by("title")
        self.fields["helpful_patterns"].help_text = _("Learning patterns that could help with this challenge.")
        self.fields["helpful_resources"].help_text = _("Resources that could help with this challenge.")
        if not self.instance.pk:
            del self.fields["status"]


class HelpOfferForm(forms.ModelForm):
    class Meta:
        model = HelpOffer
        fields = ["organization", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        labels = {"message": _("How could you help?")}

    def __init__(self, *args, challenge, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.fields["organization"].queryset = organizations
        self.fields["organization"].empty_label = None
        self.fields["organization"].error_messages["invalid_choice"] = _("Choose one of your own organizations.")

    def clean_organization(self):
        organization = self.cleaned_data["organization"]
        if organization.pk == self.challenge.organization_id:
            raise forms.ValidationError(
                _("This is a challenge of %(org)s: offer help on other organizations' challenges instead.")
                % {"org": organization}
            )
        return organization


class ResourceForm(OnBehalfOfMixin, forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["title", "url", "document", "description", "area", "language"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"url": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_organization_field(organizations)
        self.fields["url"].help_text = _("A web page (http:// or https://), or upload a document below.")
        self.fields["url"].error_messages["invalid"] = _("Enter a web address starting with http:// or https://.")
        self.fields["document"].help_text = _("PDF, ODT or DOCX, at most %(limit)s MB.") % {
            "limit": uploads.max_bytes() // (1024 * 1024)
        }
        self.fields["document"].widget.attrs["accept"] = ".pdf,.odt,.docx"

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document is not self.instance.document:
            self.document_type = uploads.check_document(document)
            document.name = uploads.stored_name(self.document_type)
        return document

    def clean(self):
        data = super().clean()
        if (
            not data.get("url")
            and not data.get("document")
            and "url" not in self.errors
            and "document" not in self.errors
        ):
            self.add_error("url", _("Give a link or upload a document."))
        return data

    def save(self, commit=True):
        if hasattr(self, "document_type"):
            self.instance.document_type = self.document_type
        return super().save(commit)


class LearningPatternForm(OnBehalfOfMixin, forms.ModelForm):
    class Meta:
        model = LearningPattern
        fields = ["title", "problem", "solution", "considerations", "when_to_use", "measure", "area"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ["problem", "solution", "considerations", "when_to_use", "measure"]
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_organization_field(organizations)


class EndorsementForm(forms.ModelForm):
    class Meta:
        model = Endorsement
        fields = ["comment"]
        labels = {"comment": _("Comment (optional)")}


class FlagForm(forms.ModelForm):
    class Meta:
        model = ResourceFlag
        fields = ["reason", "note"]
        widgets = {"reason": forms.RadioSelect}


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Why is it hidden?"), max_length=300)


class _FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    area = forms.ChoiceField(label=_("Area"), choices=ANY_AREA + AREA_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if select else "form-control form-control-sm"


class ExpertiseFilterForm(_FilterForm):
    region = forms.CharField(label=_("Region"), required=False)
    language = forms.CharField(label=_("Language"), required=False)


class ChallengeFilterForm(_FilterForm):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status"))] + Challenge.Status.choices, required=False
    )


class ResourceFilterForm(_FilterForm):
    language = forms.CharField(label=_("Language"), required=False)


class PatternFilterForm(_FilterForm):
    pass


def member_organizations(user, least_role=Role.VOLUNTEER):
    """The organizations in which ``user`` has at least ``least_role``."""
    roles = [role for role in Role if Role(role).rank >= Role(least_role).rank]
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles).order_by("name")
