"""What the partner lists export, column by column: for the export views and for Django's admin.

Every resource derives from :class:`SafeResource`, so that every export path neutralizes
cells a spreadsheet would run as a formula. The partner columns are named as the import
recognizes them, so that an exported file imports back unchanged.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.fields import Field

from oeplanner.spreadsheets import neutralize

from .models import Contact, FollowUp, Interaction, Partner


def yes_no(value):
    return gettext("yes") if value else gettext("no")


class SafeResource(resources.ModelResource):
    """The base of every resource: formulas neutralized on export."""

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return neutralize("" if value is None else value)


class PartnerResource(SafeResource):
    """A partner per row, with its primary contact, under the column names the import maps by itself."""

    name = Field(attribute="name", column_name=_("Name"))
    sector = Field(attribute="sector", column_name=_("Sector"))
    kind = Field(attribute="kind", column_name=_("Kind"))
    size = Field(attribute="size", column_name=_("Size"))
    country = Field(attribute="country", column_name=_("Country"))
    region = Field(attribute="region", column_name=_("Region"))
    city = Field(attribute="city", column_name=_("City"))
    website = Field(attribute="website", column_name=_("Website"))
    wikidata_qid = Field(attribute="wikidata_qid", column_name=_("Wikidata item"))
    thematic_focus = Field(attribute="thematic_focus", column_name=_("Thematic focus"))
    description = Field(attribute="description", column_name=_("Description"))
    tags = Field(column_name=_("Tags"))
    networks = Field(column_name=_("Networks"))
    suggested_by = Field(attribute="suggested_by", column_name=_("Suggested by"))
    stage = Field(column_name=_("Stage"))
    owner = Field(column_name=_("Owner"))
    short_term_value = Field(attribute="short_term_value", column_name=_("Short-term value"))
    long_term_value = Field(attribute="long_term_value", column_name=_("Long-term value"))
    capacity = Field(attribute="capacity", column_name=_("Capacity"))
    priority = Field(attribute="priority", column_name=_("Priority"))
    is_similar_organization = Field(column_name=_("Similar organization"))
    last_interaction_on = Field(attribute="last_interaction_on", column_name=_("Last interaction"))
    archived = Field(column_name=_("Archived"))
    contact_name = Field(column_name=_("Contact name"))
    contact_role = Field(column_name=_("Contact role"))
    contact_email = Field(column_name=_("Contact e-mail"))
    contact_phone = Field(column_name=_("Contact phone"))

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
            "website",
            "wikidata_qid",
            "thematic_focus",
            "description",
            "tags",
            "networks",
            "suggested_by",
            "stage",
            "owner",
            "short_term_value",
            "long_term_value",
            "capacity",
            "priority",
            "is_similar_organization",
            "last_interaction_on",
            "archived",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
        ]
        export_order = fields
        chunk_size = 2000

    @staticmethod
    def prepare(queryset):
        """The queryset with what every row reads, fetched once per chunk."""
        return queryset.select_related("stage", "owner").prefetch_related("tags", "networks", "contacts")

    def dehydrate_sector(self, partner):
        return partner.get_sector_display()

    def dehydrate_kind(self, partner):
        return partner.get_kind_display() if partner.kind else ""

    def dehydrate_size(self, partner):
        return partner.get_size_display() if partner.size else ""

    def dehydrate_country(self, partner):
        return partner.country.name if partner.country else ""

    def dehydrate_tags(self, partner):
        return ", ".join(sorted(tag.name for tag in partner.tags.all()))

    def dehydrate_networks(self, partner):
        return ", ".join(sorted(network.name for network in partner.networks.all()))

    def dehydrate_stage(self, partner):
        return partner.stage.name

    def dehydrate_owner(self, partner):
        return partner.owner.username if partner.owner else ""

    def dehydrate_is_similar_organization(self, partner):
        return yes_no(partner.is_similar_organization)

    def dehydrate_archived(self, partner):
        return yes_no(partner.archived_at)

    def _primary_contact(self, partner):
        # Contacts are ordered primary first; reading .all() keeps the prefetch.
        contacts = partner.contacts.all()
        return contacts[0] if contacts else None

    def dehydrate_contact_name(self, partner):
        contact = self._primary_contact(partner)
        return contact.name if contact else ""

    def dehydrate_contact_role(self, partner):
        contact = self._primary_contact(partner)
        return contact.role if contact else ""

    def dehydrate_contact_email(self, partner):
        contact = self._primary_contact(partner)
        return contact.email if contact else ""

    def dehydrate_contact_phone(self, partner):
        contact = self._primary_contact(partner)
        return contact.phone if contact else ""


class ContactResource(SafeResource):
    """A contact per row, with what identifies its partner: imports back as contacts of those partners."""

    partner = Field(attribute="partner__name", column_name=_("Name"))
    city = Field(attribute="partner__city", column_name=_("City"))
    website = Field(attribute="partner__website", column_name=_("Website"))
    wikidata_qid = Field(attribute="partner__wikidata_qid", column_name=_("Wikidata item"))
    name = Field(attribute="name", column_name=_("Contact name"))
    role = Field(attribute="role", column_name=_("Contact role"))
    email = Field(attribute="email", column_name=_("Contact e-mail"))
    phone = Field(attribute="phone", column_name=_("Contact phone"))
    is_primary = Field(column_name=_("Primary"))
    notes = Field(attribute="notes", column_name=_("Notes"))

    class Meta:
        model = Contact
        fields = ["partner", "city", "website", "wikidata_qid", "name", "role", "email", "phone", "is_primary", "notes"]
        export_order = fields
        chunk_size = 2000

    @staticmethod
    def prepare(queryset):
        return queryset.select_related("partner")

    def dehydrate_is_primary(self, contact):
        return yes_no(contact.is_primary)


class InteractionResource(SafeResource):
    partner = Field(attribute="partner__name", column_name=_("Partner"))
    occurred_on = Field(attribute="occurred_on", column_name=_("Date"))
    kind = Field(column_name=_("Kind"))
    is_targeted = Field(column_name=_("Targeted"))
    event_name = Field(attribute="event_name", column_name=_("Event"))
    summary = Field(attribute="summary", column_name=_("Summary"))
    benefits = Field(attribute="benefits", column_name=_("Benefits put to the partner"))
    their_responsibilities = Field(attribute="their_responsibilities", column_name=_("Their responsibilities"))
    our_commitments = Field(attribute="our_commitments", column_name=_("Our commitments"))
    next_steps = Field(attribute="next_steps", column_name=_("Next steps"))
    our_participants = Field(column_name=_("Our participants"))
    their_participants = Field(column_name=_("Their participants"))
    author = Field(column_name=_("Logged by"))

    class Meta:
        model = Interaction
        fields = [
            "partner",
            "occurred_on",
            "kind",
            "is_targeted",
            "event_name",
            "summary",
            "benefits",
            "their_responsibilities",
            "our_commitments",
            "next_steps",
            "our_participants",
            "their_participants",
            "author",
        ]
        export_order = fields
        chunk_size = 2000

    @staticmethod
    def prepare(queryset):
        return queryset.select_related("partner", "author").prefetch_related("our_participants", "their_participants")

    def dehydrate_kind(self, interaction):
        return interaction.get_kind_display()

    def dehydrate_is_targeted(self, interaction):
        return yes_no(interaction.is_targeted)

    def dehydrate_our_participants(self, interaction):
        return ", ".join(str(user) for user in interaction.our_participants.all())

    def dehydrate_their_participants(self, interaction):
        return ", ".join(contact.name for contact in interaction.their_participants.all())

    def dehydrate_author(self, interaction):
        return str(interaction.author) if interaction.author else ""


class FollowUpResource(SafeResource):
    title = Field(attribute="title", column_name=_("Follow-up"))
    partner = Field(attribute="partner__name", column_name=_("Partner"))
    due_on = Field(attribute="due_on", column_name=_("Due"))
    assignee = Field(column_name=_("Assignee"))
    done_at = Field(column_name=_("Done"))

    class Meta:
        model = FollowUp
        fields = ["title", "partner", "due_on", "assignee", "done_at"]
        export_order = fields
        chunk_size = 2000

    @staticmethod
    def prepare(queryset):
        return queryset.select_related("partner", "assignee")

    def dehydrate_assignee(self, follow_up):
        return str(follow_up.assignee)

    def dehydrate_done_at(self, follow_up):
        return follow_up.done_at.date().isoformat() if follow_up.done_at else ""
