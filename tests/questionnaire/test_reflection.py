"""The group records its reflection beside the report, with every earlier version kept."""

from django.urls import reverse

from questionnaire.models import Reflection


def url(round):
    return reverse("round_reflection", kwargs={"org_slug": "testland", "round_pk": round.pk})


def test_staff_save_the_reflection_and_each_version_is_kept(client_for, staff, round):
    client = client_for(staff)
    client.post(url(round), {"verdict": "challenge", "does_well": "Finding partners", "importance": "key"})
    client.post(
        url(round), {"verdict": "mixed", "does_well": "Finding partners", "importance": "key", "priority": "yes"}
    )

    reflection = Reflection.objects.get(round=round)
    assert (reflection.verdict, reflection.priority, reflection.updated_by) == ("mixed", "yes", staff)
    assert [v.verdict for v in reflection.history.order_by("history_date")] == ["challenge", "mixed"]
    assert reflection.history.first().history_user == staff

    report = client.get(reverse("round_report", kwargs={"org_slug": "testland", "round_pk": round.pk}))
    assert "Partly a strength, partly a challenge" in report.content.decode()
    assert "Finding partners" in report.content.decode()


def test_a_wrong_choice_is_refused_and_the_text_kept(client_for, staff, round):
    response = client_for(staff).post(url(round), {"verdict": "excellent", "surprises": "Q3 was low"})

    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "Q3 was low" in page
    assert not Reflection.objects.exists()


def test_volunteers_read_but_do_not_write_the_reflection(client_for, volunteer, round):
    assert client_for(volunteer).post(url(round), {"verdict": "strength"}).status_code == 403
    assert not Reflection.objects.exists()
