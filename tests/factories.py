from datetime import timedelta

import factory
from django.utils import timezone

from oeplanner.models import Membership, Organization, Role, User
from partners.models import Contact, FollowUp, Interaction, Network, Partner, Tag

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")

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

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.VOLUNTEER


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
    email = factory.LazyAttribute(lambda c: f"{c.name.split()[0].lower()}@museum.example")
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
