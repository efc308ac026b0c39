"""Partnership pages run a fixed number of queries, whatever the number of rows shown or stored."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import DashboardImport
from tests.factories import (
    DATA,
    BenefitFactory,
    EffortFactory,
    MilestoneFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
    TargetFactory,
)
from tests.queries import count_queries


def grow(org, partner, owner, n):
    """n partnerships of ``partner`` with targets, outcomes, milestones, effort and benefits."""
    today = timezone.localdate()
    for i in range(n):
        partnership = PartnershipFactory(partner=partner, owner=owner)
        for metric in ("articles_created", "files_uploaded"):
            TargetFactory(partnership=partnership, metric=metric)
            OutcomeFactory(partnership=partnership, metric=metric, value=i + 1)
            OutcomeFactory(partnership=partnership, metric=metric, source="imported", program_slug=f"P/{i}")
        MilestoneFactory(partnership=partnership, due_on=today - timedelta(days=1))
        MilestoneFactory(partnership=partnership, due_on=today + timedelta(days=3), done_on=today)
        EffortFactory(partnership=partnership, member=owner, hours=3)
        BenefitFactory(partnership=partnership, author=owner)


PAGES = {
    "partnership_list": lambda org, p: reverse("partnership_list", kwargs={"org_slug": org.slug}),
    "partnership_list_filtered": lambda org, p: (
        reverse("partnership_list", kwargs={"org_slug": org.slug}) + "?status=active&sector=glam&q=series"
    ),
    "milestone_list": lambda org, p: reverse("milestone_list", kwargs={"org_slug": org.slug}) + "?state=all",
    "partner_evaluation": lambda org, p: reverse(
        "partner_evaluation", kwargs={"org_slug": org.slug, "partner_pk": p.pk}
    ),
    "partner_page": lambda org, p: p.get_absolute_url(),
    "my_dashboard": lambda org, p: reverse("org_home", kwargs={"org_slug": org.slug}),
}


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_pages_run_the_same_queries_for_5_and_50_partnerships(
    client_for, volunteer, org, page, django_assert_num_queries
):
    partner = PartnerFactory(organization=org, owner=volunteer)
    client = client_for(volunteer)
    url = page(org, partner)
    grow(org, partner, volunteer, 5)
    client.get(url)  # the partner page keeps its forms in the cache: both counts are of a visit after the first
    few = count_queries(client, url)
    grow(org, partner, volunteer, 45)
    client.get(url)
    with django_assert_num_queries(few):
        client.get(url)


@pytest.mark.parametrize("name", ["partnership_detail", "partnership_evaluation", "partnership_history"])
def test_a_partnership_page_runs_the_same_queries_for_few_and_many_entries(
    client_for, staff, org, name, django_assert_num_queries
):
    partner = PartnerFactory(organization=org, owner=staff)
    partnership = PartnershipFactory(partner=partner, owner=staff)
    url = reverse(name, kwargs={"org_slug": org.slug, "partnership_pk": partnership.pk})
    client = client_for(staff)

    def add(n):
        for i in range(n):
            TargetFactory(partnership=partnership, metric="custom", custom_metric=f"Metric {i}-{n}")
            OutcomeFactory(partnership=partnership, metric="custom", custom_metric=f"Metric {i}-{n}")
            MilestoneFactory(partnership=partnership)
            EffortFactory(partnership=partnership, member=staff)
            BenefitFactory(partnership=partnership, author=staff)
            partnership.name = f"Name {i}-{n}"
            partnership.save()
        grow(org, partner, staff, n)

    add(3)
    few = count_queries(client, url)
    add(30)
    with django_assert_num_queries(few):
        client.get(url)


def test_the_import_preview_runs_the_same_queries_for_few_and_many_programs(
    client_for, staff, org, django_assert_num_queries
):
    header, row = (DATA / "dashboard-campaign.csv").read_text().splitlines()[:2]
    partner = PartnerFactory(organization=org)
    grow(org, partner, staff, 3)

    def preview(n):
        rows = [row.replace("Women_in_science", f"Program_{i}") for i in range(n)]
        job = DashboardImport.objects.create(
            organization=org, file_name="x.csv", file_data="\n".join([header, *rows]).encode()
        )
        return reverse("dashboard_import_preview", kwargs={"org_slug": org.slug, "dashboard_import_pk": job.pk})

    client = client_for(staff)
    few = count_queries(client, preview(3))
    many = preview(40)
    with django_assert_num_queries(few):
        client.get(many)
