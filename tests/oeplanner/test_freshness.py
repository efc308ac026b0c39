"""The organization's data version (oeplanner.freshness) moves on with every write its pages could show, however it
is written, once per transaction when it commits, and not for what no page shows."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from oeplanner import bulk, freshness
from oeplanner.models import Organization, User
from partners.models import Partner, Tag
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db(transaction=True)


def versions(*orgs):
    return [Organization.objects.values_list("data_version", flat=True).get(pk=org.pk) for org in orgs]


def test_a_write_in_an_organizations_view_moves_that_organization_on_and_no_other(client_for, staff, org, other_org):
    before = versions(org, other_org)
    response = client_for(staff).post(
        reverse("partner_create", kwargs={"org_slug": org.slug}),
        {"name": "Stadsarchief Gent", "sector": "glam", "kind": "archive", "stage": org.stages.first().pk},
    )
    assert response.status_code == 302
    after = versions(org, other_org)
    assert after[0] != before[0]
    assert after[1] == before[1]


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda partner: partner.save(), id="save"),
        pytest.param(lambda partner: Partner.objects.filter(pk=partner.pk).update(city="Gent"), id="update"),
        pytest.param(lambda partner: partner.tags.add(Tag.objects.create(organization=partner.organization)), id="m2m"),
        pytest.param(lambda partner: partner.delete(), id="delete"),
    ],
)
def test_a_write_outside_any_organizations_view_moves_every_organization_on(write, org, other_org):
    partner = PartnerFactory(organization=org)
    before = versions(org, other_org)
    write(partner)
    after = versions(org, other_org)
    assert after[0] != before[0]
    assert after[1] != before[1]


def test_a_statement_written_by_hand_is_seen_too(org):
    partner = PartnerFactory(organization=org)
    (before,) = versions(org)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE partners_partner SET city = %s WHERE id = %s", ["Brugge", partner.pk])
    assert versions(org) != [before]


def test_rows_written_in_bulk_move_the_version_on_on_both_engines(org):
    # COPY on PostgreSQL goes around the cursor's execute(): bulk.copy_rows says so itself.
    (before,) = versions(org)
    bulk.write_rows(Tag, ["organization_id", "name"], [[org.pk, "from a spreadsheet"]])
    assert versions(org) != [before]


def test_a_transaction_moves_the_version_once_when_it_commits_and_not_at_all_when_rolled_back(org):
    (before,) = versions(org)
    with CaptureQueriesContext(connection) as captured:
        with transaction.atomic():
            for _ in range(3):
                PartnerFactory(organization=org)
            assert versions(org) == [before]
            assert freshness.pending(connection)
    moves = [q for q in captured.captured_queries if q["sql"].startswith('UPDATE "oeplanner_organization"')]
    assert len(moves) == 1
    (committed,) = versions(org)
    assert committed != before
    assert not freshness.pending(connection)

    with pytest.raises(RuntimeError), transaction.atomic():
        PartnerFactory(organization=org)
        raise RuntimeError
    assert versions(org) == [committed]


def test_a_sign_in_moves_nothing_but_a_renamed_member_moves_every_organization(client, staff, org, other_org):
    before = versions(org, other_org)
    client.force_login(staff)  # a session row and the member's last_login
    User.objects.filter(pk=staff.pk).update(last_organization=org)
    assert versions(org, other_org) == before
    User.objects.filter(pk=staff.pk).update(first_name="Roberta")
    after = versions(org, other_org)
    assert after[0] != before[0]
    assert after[1] != before[1]


def test_a_read_however_it_is_written_moves_nothing_and_a_write_inside_one_moves_on(org):
    (before,) = versions(org)
    with connection.cursor() as cursor:
        cursor.execute("WITH named AS (SELECT id, updated_at FROM partners_partner) SELECT count(*) FROM named")
        cursor.execute("SELECT id FROM partners_partner WHERE name = 'UPDATE partners_partner'")
        cursor.execute("CREATE TEMPORARY TABLE scratch (id integer)")  # no rows written
    assert versions(org) == [before]
    with connection.cursor() as cursor:
        cursor.execute("WITH gone AS (SELECT 1) DELETE FROM partners_tag WHERE organization_id = %s", [org.pk])
    assert versions(org) != [before]
