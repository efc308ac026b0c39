"""A page a member's role does not allow answers 403 with one page that says why."""

from django.urls import reverse

from tests.factories import PartnerFactory, PartnershipFactory


def test_a_volunteer_is_told_why_they_cannot_edit_someone_elses_partner(client_for, volunteer, staff, org):
    partner = PartnerFactory(organization=org, owner=staff)
    response = client_for(volunteer).get(reverse("partner_edit", args=[org.slug, partner.pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this here" in page
    assert "Only staff, admins and the partner&#x27;s owner can edit it." in page


def test_a_volunteer_is_told_why_they_cannot_change_someone_elses_partnership(client_for, volunteer, staff, org):
    partnership = PartnershipFactory(partner=PartnerFactory(organization=org, owner=staff), owner=staff)
    response = client_for(volunteer).get(reverse("partnership_edit", args=[org.slug, partnership.pk]))
    assert response.status_code == 403
    assert "Only staff, admins and the partnership&#x27;s or partner&#x27;s owner can change it." in response.text
