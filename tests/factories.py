import string
from datetime import timedelta
from pathlib import Path

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from capacityplans.models import Plan, Step
from oeplanner.models import Membership, Organization, Role, User
from partners.models import Contact, FollowUp, Interaction, Network, Partner, Tag

PASSWORD = "correct horse battery"
DATA = Path(__file__).parent / "data"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.LazyAttribute(lambda u: u.username.title())

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Wikimedia Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Organizations are always made through the service, as in the app.
        from oeplanner.services import create_organization

        return create_organization(**kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.VOLUNTEER

    @factory.post_generation
    def used(membership, create, extracted, **kwargs):
        """A member of one organization has used it: opening its pages records nothing new, so query
        counts measure the page, not the one write that remembers a change of organization."""
        if create and membership.user.last_organization_id is None:
            User.objects.filter(pk=membership.user_id).update(last_organization=membership.organization)
            membership.user.last_organization = membership.organization


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Museum of Things {n}")
    city = "Lyon"
    country = "FR"
    sector = Partner.Sector.GLAM
    kind = Partner.Kind.MUSEUM
    stage = factory.LazyAttribute(lambda p: p.organization.stages.first())


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Museum association {n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    partner = factory.SubFactory(PartnerFactory)
    name = factory.Faker("name")
    # Only the letters of the first word: Faker's "Dr. Jane Roe" must not give "dr.@museum.example".
    email = factory.LazyAttribute(
        lambda c: "".join(ch for ch in c.name.split()[0].lower() if ch in string.ascii_lowercase) + "@museum.example"
    )
    role = "Curator"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    partner = factory.SubFactory(PartnerFactory)
    organization = factory.LazyAttribute(lambda i: i.partner.organization)
    occurred_on = factory.LazyFunction(timezone.localdate)
    kind = Interaction.Kind.MEETING
    summary = "Talked about an edit-a-thon in the reading room."


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    partner = factory.SubFactory(PartnerFactory)
    organization = factory.LazyAttribute(lambda f: f.partner.organization)
    title = "Send the draft agreement"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3))
    assignee = factory.SubFactory(UserFactory)


class RoundFactory(factory.django.DjangoModelFactory):
    """A round asking the organization's active statements, open today, anonymous, inviting nobody yet."""

    class Meta:
        model = "questionnaire.Round"

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    anonymous = True

    @classmethod
    def _create(cls, model_class, *args, invited=(), **kwargs):
        from questionnaire.services import open_round

        return open_round(created_by=None, invited=invited, **kwargs)


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"tag {n}")


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder of a follow-up to its assignee, due now."""

    class Meta:
        model = "reminders.Reminder"

    follow_up = factory.SubFactory(FollowUpFactory)
    organization = factory.LazyAttribute(lambda r: r.follow_up.organization)
    partner = factory.LazyAttribute(lambda r: r.follow_up.partner)
    recipient = factory.LazyAttribute(lambda r: r.follow_up.assignee)
    kind = "due_today"
    occasion = factory.LazyAttribute(lambda r: r.follow_up.due_on)
    due_at = factory.LazyFunction(timezone.now)
    send_after = factory.LazyAttribute(lambda r: r.due_at)


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An uploaded file waiting to be mapped, read the way the wizard reads it."""

    class Meta:
        model = "partners.ImportJob"

    organization = factory.SubFactory(OrganizationFactory)
    file_name = "partners.csv"
    file_data = b"Name,City,Website\nMusee des Confluences,Lyon,https://www.museedesconfluences.fr\n"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from partners.importing import mapping, source

        data = kwargs.pop("file_data")
        kwargs = {**source.inspect_file(data, kwargs["file_name"]), **kwargs}
        kwargs["upload"] = ContentFile(data, name=kwargs["file_name"])
        kwargs.setdefault("default_stage", kwargs["organization"].stages.first())
        job = model_class.objects.create(*args, **kwargs)
        if not job.mapping:
            job.mapping = mapping.auto_mapping(job)
            job.save(update_fields=["mapping"])
        return job


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Partnerships plan {n}")
    status = Plan.Status.ACTIVE


class StepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Step

    plan = factory.SubFactory(PlanFactory)
    goal = factory.Sequence(lambda n: f"Goal {n}")


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Expertise"

    organization = factory.SubFactory(OrganizationFactory)
    areas = ",glam,building,"
    description = factory.Sequence(lambda n: f"We ran {n} edit-a-thons with museums.")
    contact_email = "partnerships@example.org"
    languages = "English, Spanish"
    region = "Europe"


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Challenge"

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    description = "Our partners stop answering after the first event."
    area = "building"


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Resource"

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Resource {n}")
    url = factory.Sequence(lambda n: f"https://example.org/guide-{n}")
    area = "glam"
    language = "English"


class LearningPatternFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.LearningPattern"

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Pattern {n}")
    problem = "Partners forget what was agreed."
    solution = "Send a one-page summary after each meeting."
    area = "building"


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An active edit-a-thon series with a partner of the organization, started 30 days ago."""

    class Meta:
        model = "partnerships.Partnership"

    partner = factory.SubFactory(PartnerFactory)
    organization = factory.LazyAttribute(lambda p: p.partner.organization)
    name = factory.Sequence(lambda n: f"Edit-a-thon series {n}")
    kind = "programme"
    status = "active"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Target"

    partnership = factory.SubFactory(PartnershipFactory)
    metric = "articles_created"
    value = 100
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Outcome"

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.LazyAttribute(lambda o: o.partnership.organization)
    metric = "articles_created"
    value = 10
    occurred_on = factory.LazyFunction(timezone.localdate)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Milestone"

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.LazyAttribute(lambda m: m.partnership.organization)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))


class EffortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.EffortEntry"

    partnership = factory.SubFactory(PartnershipFactory)
    organization = factory.LazyAttribute(lambda e: e.partnership.organization)
    member = factory.SubFactory(UserFactory)
    hours = 4
    occurred_on = factory.LazyFunction(timezone.localdate)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Benefit"

    partnership = factory.SubFactory(PartnershipFactory)
    noted_on = factory.LazyFunction(timezone.localdate)
    text = "The curator now uploads photographs on her own."


class DashboardImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.DashboardImport"

    organization = factory.SubFactory(OrganizationFactory)
    file_name = "dashboard.csv"
    file_data = factory.LazyFunction(lambda: (DATA / "dashboard-campaign.csv").read_bytes())


def closed_round_with_low_statements(org, members):
    """A closed round of ``members`` (three) where statements 1 and 2 score low for everyone."""
    from questionnaire import services as questionnaire_services

    round = RoundFactory(organization=org, name="2026 self-assessment", invited=members)
    statement_ids = list(round.round_statements.values_list("statement_id", flat=True))
    # Statements 1 and 2 score low for everyone; the others high.
    for user, offset in zip(members, (0, 1, 0), strict=True):
        scores = [2 + offset if i < 2 else 4 + offset % 2 for i in range(len(statement_ids))]
        answers = {statement_id: (score, "") for statement_id, score in zip(statement_ids, scores, strict=True)}
        questionnaire_services.save_response(round, user, answers, submit=True)
    questionnaire_services.close_round(round)
    return round
