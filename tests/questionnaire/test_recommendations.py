"""Each organization marks the recommendations it already follows."""

from django.urls import reverse

from questionnaire.models import Recommendation

URL = reverse("recommendation_list", kwargs={"org_slug": "testland"})


def formset_data(recommendations, changes):
    data = {"form-TOTAL_FORMS": len(recommendations), "form-INITIAL_FORMS": len(recommendations)}
    for i, rec in enumerate(recommendations):
        status, note = changes.get(rec.key, (rec.status, rec.note))
        data.update({f"form-{i}-id": rec.pk, f"form-{i}-status": status, f"form-{i}-note": note})
    return data


def test_staff_mark_recommendations_with_a_note(client_for, org, staff):
    recs = list(org.recommendations.order_by("position", "pk"))
    changes = {"one-owner": ("partly", "Only for museums"), "agree-targets": ("not_yet", "")}

    client_for(staff).post(URL, formset_data(recs, changes))

    one_owner = org.recommendations.get(key="one-owner")
    assert (one_owner.status, one_owner.note, one_owner.status_updated_by) == ("partly", "Only for museums", staff)
    assert set(org.recommendations.needs_work().values_list("key", flat=True)) == {"one-owner", "agree-targets"}
    assert org.recommendations.get(key="ask-volunteers").status_updated_by is None
    assert one_owner.needs_work


def test_an_unknown_status_is_refused(client_for, org, staff):
    recs = list(org.recommendations.order_by("position", "pk"))

    response = client_for(staff).post(URL, formset_data(recs, {"one-owner": ("brilliant", "kept note")}))

    assert "Select a valid choice" in response.content.decode()
    assert "kept note" in response.content.decode()
    assert not org.recommendations.exclude(status="").exists()


def test_another_organizations_recommendation_cannot_be_marked(client_for, org, other_org, staff):
    recs = list(org.recommendations.order_by("position", "pk"))
    data = formset_data(recs, {})
    data["form-0-id"] = other_org.recommendations.first().pk
    data["form-0-status"] = "doing_well"

    client_for(staff).post(URL, data)

    assert not Recommendation.objects.exclude(status="").exists()


def test_volunteers_read_the_self_check_but_cannot_change_it(client_for, org, volunteer):
    client = client_for(volunteer)

    assert "Selecting partners" in client.get(URL).content.decode()
    assert client.post(URL, formset_data(list(org.recommendations.all()), {})).status_code == 403
