"""Two members with the same name can be told apart in every member picker."""

from django.urls import reverse

from tests.factories import MembershipFactory, PartnerFactory, UserFactory


def test_members_sharing_a_full_name_show_their_username_in_the_pickers(client_for, org, staff):
    for username in ("resp1", "resp2"):
        user = UserFactory(username=username, first_name="Respondent", last_name="")
        MembershipFactory(organization=org, user=user)
    UserFactory(username="resp3", first_name="Respondent", last_name="")  # of no organization here
    partner = PartnerFactory(organization=org)
    client = client_for(staff)

    page = client.get(partner.get_absolute_url()).text
    assert ">Respondent (resp1)</option>" in page and ">Respondent (resp2)</option>" in page
    assert ">Bob</option>" in page  # a name no one else has stays as it is

    page = client.get(reverse("partner_list", kwargs={"org_slug": org.slug})).text
    assert ">Respondent (resp1)</option>" in page and ">Respondent (resp2)</option>" in page
