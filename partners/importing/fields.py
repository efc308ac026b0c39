"""The fields a column of an imported file can be mapped to, and the names a column may carry for each."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Contact, normalize_name
from ..resources import PartnerResource


@dataclass(frozen=True)
class ImportField:
    key: str
    label: str
    target: str  # "partner", "contact" or "m2m"
    extra_aliases: tuple = ()
    admin_only: bool = False

    @property
    def attname(self):
        return {"stage": "stage_id", "owner": "owner_id"}.get(self.key, self.key)


FIELDS = [
    ImportField(
        "name",
        gettext_lazy("Name"),
        "partner",
        (
            "partner",
            "partner name",
            "institution",
            "institution name",
            "university",
            "organisation name",
            "organization name",
            "museum",
            "museum name",
            "library",
            "nom",
            "nom du musee",
            "nom de l etablissement",
        ),
    ),
    ImportField("sector", gettext_lazy("Sector"), "partner"),
    ImportField("kind", gettext_lazy("Kind"), "partner", ("type", "institution type")),
    ImportField("size", gettext_lazy("Size"), "partner"),
    ImportField("country", gettext_lazy("Country"), "partner", ("country code", "nation", "country name")),
    ImportField("region", gettext_lazy("Region"), "partner", ("state", "province", "county")),
    ImportField("city", gettext_lazy("City"), "partner", ("town", "locality", "municipality", "commune", "ville")),
    ImportField(
        "street",
        gettext_lazy("Street address"),
        "partner",
        ("address", "street", "adresse", "address line 1", "address 1", "postal address", "rue"),
    ),
    ImportField(
        "postal_code",
        gettext_lazy("Postal code"),
        "partner",
        ("postcode", "post code", "zip", "zip code", "zipcode", "code postal", "cp", "plz"),
    ),
    ImportField(
        "phone",
        gettext_lazy("Phone (the institution's)"),
        "partner",
        ("phone", "telephone", "tel", "phone number", "telephone number", "telephone 1", "téléphone"),
    ),
    ImportField(
        "website",
        gettext_lazy("Website"),
        "partner",
        ("url", "web", "web site", "homepage", "home page", "site", "site web", "site internet", "link", "web address"),
    ),
    ImportField(
        "wikidata_qid",
        gettext_lazy("Wikidata item"),
        "partner",
        ("qid", "q id", "wikidata", "wikidata id", "wikidata qid", "item"),
    ),
    ImportField("thematic_focus", gettext_lazy("Thematic focus"), "partner", ("focus", "theme", "topic")),
    ImportField("description", gettext_lazy("Description"), "partner", ("about",)),
    ImportField("suggested_by", gettext_lazy("Suggested by"), "partner"),
    ImportField("stage", gettext_lazy("Stage"), "partner"),
    ImportField("owner", gettext_lazy("Owner (member of this organization)"), "partner", admin_only=True),
    ImportField("short_term_value", gettext_lazy("Short-term value (1–5)"), "partner"),
    ImportField("long_term_value", gettext_lazy("Long-term value (1–5)"), "partner"),
    ImportField("capacity", gettext_lazy("Capacity (1–5)"), "partner"),
    ImportField("is_similar_organization", gettext_lazy("Similar organization (yes/no)"), "partner"),
    ImportField("tags", gettext_lazy("Tags (comma-separated)"), "m2m", ("tag", "keywords", "labels")),
    ImportField("networks", gettext_lazy("Networks (comma-separated)"), "m2m", ("network",)),
    ImportField(
        "contact_name",
        gettext_lazy("Contact name"),
        "contact",
        ("contact", "contact person", "primary contact", "person"),
    ),
    ImportField("contact_role", gettext_lazy("Contact role"), "contact", ("role", "job title", "position")),
    ImportField(
        "contact_email",
        gettext_lazy("Contact e-mail"),
        "contact",
        ("email", "e mail", "mail", "email address", "e mail address"),
    ),
    ImportField(
        "contact_phone",
        gettext_lazy("Contact phone"),
        "contact",
        ("contact telephone", "contact tel", "mobile", "contact mobile"),
    ),
]
FIELDS_BY_KEY = {f.key: f for f in FIELDS}
CONTACT_KEYS = ("contact_name", "contact_role", "contact_email", "contact_phone")
MODEL_FIELDS = {
    "contact_name": Contact._meta.get_field("name"),
    "contact_role": Contact._meta.get_field("role"),
    "contact_email": Contact._meta.get_field("email"),
    "contact_phone": Contact._meta.get_field("phone"),
}


def field_choices(*, allow_owner):
    """(key, label) of the fields a column can be mapped to; the owner only for admins."""
    return [("", _("Don't import"))] + [(f.key, f.label) for f in FIELDS if allow_owner or not f.admin_only]


def column_aliases():
    """Normalized column name → field key. The owner is never mapped by its name alone."""
    export_names = {name: f.column_name for name, f in PartnerResource.fields.items()}
    known = {}
    for f in FIELDS:
        if f.admin_only:
            continue
        names = [f.key, str(f.label), *f.extra_aliases]
        if f.key in export_names:
            names.append(str(export_names[f.key]))
        for name in names:
            known.setdefault(normalize_name(name), f.key)
    return known
