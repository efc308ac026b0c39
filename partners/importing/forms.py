"""The forms of the partner import wizard."""

from django import forms
from django.utils.translation import gettext_lazy as _

from oeplanner.forms import members_of
from oeplanner.spreadsheets import FileRefused, check_size

from ..models import Partner, Tag
from . import fields, source
from .mapping import mapping_problems
from .models import ImportJob, ImportSettings
from .planning import Decision

ACCEPTED_EXTENSIONS = (".csv", ".txt", ".tsv", ".xlsx")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("A .csv or .xlsx file, one partner per row; a repeated partner adds its contact."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ACCEPTED_EXTENSIONS + (".xls",)):
            raise forms.ValidationError(
                _("Choose a .csv or .xlsx file; “%(name)s” is neither.") % {"name": upload.name}
            )
        try:
            # The size is known before a byte of the file is read.
            check_size(upload.size)
            self.info = source.inspect_file(upload.read(), upload.name)
        except FileRefused as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class MappingForm(forms.Form):
    has_header = forms.BooleanField(label=_("The first row holds column names"), required=False)
    save_as = forms.CharField(
        label=_("Save this mapping as"),
        required=False,
        max_length=100,
        help_text=_("Optional: a name to reuse this mapping with the next file of the same shape."),
    )

    def __init__(self, *args, job, allow_owner, headers, samples, initial_mapping, **kwargs):
        super().__init__(*args, **kwargs)
        self.job = job
        self.fields["has_header"].initial = job.has_header
        choices = fields.field_choices(allow_owner=allow_owner)
        self.columns = []
        for i, (header, values) in enumerate(zip(headers, samples, strict=True)):
            name = f"column_{i}"
            self.fields[name] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=initial_mapping[i]
            )
            self.columns.append({"field": self[name], "header": header, "samples": values, "number": i + 1})

    def clean(self):
        cleaned = super().clean()
        mapping = [cleaned.get(f"column_{i}", "") for i in range(len(self.columns))]
        for problem in mapping_problems(mapping):
            self.add_error(None, problem)
        cleaned["mapping"] = mapping
        return cleaned


class OptionsForm(forms.ModelForm):
    default_sector = forms.ChoiceField(
        label=_("Sector"),
        required=False,
        choices=[("", _("From the file; Other when it has none"))] + list(Partner.Sector.choices),
    )
    default_tag = forms.CharField(
        label=_("Tag every imported partner with"),
        required=False,
        max_length=Tag._meta.get_field("name").max_length,
        help_text=_("Optional, for example the event the list comes from. A new tag is created if needed."),
    )

    class Meta:
        model = ImportJob
        fields = ["default_sector", "default_stage", "default_owner", "default_tag", "mode"]
        labels = {"default_stage": _("Stage"), "default_owner": _("Owner"), "mode": _("Partners already registered")}
        help_texts = {
            "default_stage": _("For new partners, unless the file has a stage column."),
            "default_owner": _("For new partners. The owner column of a file is never used unless an admin maps it."),
            "mode": _(
                "Duplicates are found by Wikidata item, then website domain, then the same name in the same "
                "city, among the organization's partners and among the file's earlier rows."
            ),
        }
        widgets = {"mode": forms.RadioSelect}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_stage"].queryset = organization.stages.all()
        self.fields["default_stage"].required = True
        self.fields["default_stage"].empty_label = None
        self.fields["default_owner"].queryset = members_of(organization)
        self.fields["default_owner"].empty_label = _("Nobody")


class ConfirmForm(forms.Form):
    only_valid = forms.BooleanField(
        label=_("Import only the valid rows and leave the rejected ones out"), required=False
    )

    def __init__(self, *args, rejected, **kwargs):
        super().__init__(*args, **kwargs)
        self.rejected = rejected
        if not rejected:
            del self.fields["only_valid"]

    def clean(self):
        cleaned = super().clean()
        if self.rejected and not cleaned.get("only_valid"):
            raise forms.ValidationError(
                _(
                    "Some rows are rejected. Fix them in the file and upload it again, or tick “Import only the valid "
                    "rows”."
                )
            )
        return cleaned


class ImportSettingsForm(forms.ModelForm):
    class Meta:
        model = ImportSettings
        fields = ["staff_may_import"]


class DecisionsForm(forms.Form):
    """Choices for possible duplicates. "Apply to all" sets one choice for every row and forgets the row-by-row
    ones; "Save these choices" keeps one per row shown (fields named ``line-<number>``)."""

    apply_all = forms.CharField(required=False)
    all_rows = forms.ChoiceField(required=False)

    def __init__(self, *args, mode, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = Decision.allowed(mode)
        self.fields["all_rows"].choices = [("", "")] + [(value, value) for value in self.allowed]
        self.rows = {}
        for key, value in self.data.items():
            line = key.removeprefix("line-")
            if key.startswith("line-") and line.isdigit():
                self.rows[line] = value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("apply_all") and not cleaned.get("all_rows"):
            raise forms.ValidationError(_("Choose what to do with every possible duplicate."))
        if any(value not in self.allowed for value in self.rows.values()):
            raise forms.ValidationError(_("That choice is not available for this import."))
        return cleaned

    def decisions(self, current):
        if self.cleaned_data.get("apply_all"):
            return {"*": self.cleaned_data["all_rows"]}
        return {**current, **self.rows}
