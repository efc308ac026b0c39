"""The outcome totals kept per partnership and metric (read by the organization dashboard and the medians)
always equal the sum of the outcomes, whatever wrote them."""

import pytest

from partnerships import services
from partnerships.models import Outcome, OutcomeTotal, Partnership
from tests.factories import OutcomeFactory, PartnershipFactory
from tests.partnerships.test_dashboard_import import CAMPAIGN, LATER, PHOTO, WOMEN, import_file


def kept(partnership):
    return {(row.metric, row.custom_metric): row.total for row in OutcomeTotal.objects.filter(partnership=partnership)}


def summed(partnership):
    totals = {}
    for outcome in Outcome.objects.filter(partnership=partnership):
        key = (outcome.metric, outcome.custom_metric)
        totals[key] = totals.get(key, 0) + outcome.value
    return totals


@pytest.mark.django_db
def test_totals_follow_outcomes_added_changed_moved_and_deleted(org):
    first, second = PartnershipFactory(partner__organization=org), PartnershipFactory(partner__organization=org)
    created = OutcomeFactory(partnership=first, metric="articles_created", value=4)
    OutcomeFactory(partnership=first, metric="articles_created", value=6)
    OutcomeFactory(partnership=first, metric="custom", custom_metric="Podcasts", value=2)
    assert kept(first) == {("articles_created", ""): 10, ("custom", "Podcasts"): 2}

    created.value = 7
    created.save()
    assert kept(first) == {("articles_created", ""): 13, ("custom", "Podcasts"): 2}

    created.partnership = second
    created.save()
    assert kept(first) == {("articles_created", ""): 6, ("custom", "Podcasts"): 2}
    assert kept(second) == {("articles_created", ""): 7}

    created.delete()
    assert kept(second) == {}
    Outcome.objects.filter(partnership=first, metric="custom").delete()
    assert kept(first) == {("articles_created", ""): 6}

    first.delete()
    assert not OutcomeTotal.objects.exists()


@pytest.mark.django_db
def test_totals_follow_the_dashboard_import_which_writes_in_bulk(org, staff):
    women, photo = (PartnershipFactory(partner__organization=org) for _ in range(2))
    OutcomeFactory(partnership=women, metric="articles_created", value=2)
    import_file(org, CAMPAIGN, {WOMEN: women, PHOTO: photo}, user=staff)
    import_file(org, LATER, {WOMEN: women}, user=staff)

    assert kept(women) == summed(women)
    assert kept(women)[("articles_created", "")] == 2 + 13
    assert kept(photo) == summed(photo)


@pytest.mark.django_db
def test_refresh_rebuilds_totals_of_outcomes_written_without_signals(org):
    partnership = PartnershipFactory(partner__organization=org)
    Outcome.objects.bulk_create(
        Outcome(organization=org, partnership=partnership, metric="participants", value=n, occurred_on="2026-01-05")
        for n in (3, 5)
    )
    assert kept(partnership) == {}

    services.refresh_outcome_totals(Partnership.objects.filter(pk=partnership.pk))
    assert kept(partnership) == {("participants", ""): 8}
