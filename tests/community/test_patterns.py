"""Learning patterns: endorsements, the list by endorsements, and the wikitext export."""

import html

import mwparserfromhell
import pytest

from community import services, wikitext
from community.models import Endorsement, LearningPattern
from tests.factories import LearningPatternFactory


def test_a_member_writes_a_pattern(client_for, volunteer, org):
    response = client_for(volunteer).post(
        "/community/patterns/new/",
        {
            "organization": org.pk,
            "title": "One-page summary",
            "problem": "Partners forget.",
            "solution": "Send a summary.",
            "area": "building",
        },
    )
    pattern = LearningPattern.objects.get()
    assert response["Location"] == pattern.get_absolute_url()
    assert pattern.author == volunteer and pattern.organization == org


def test_a_pattern_needs_a_problem_and_a_solution(client_for, volunteer, org):
    response = client_for(volunteer).post(
        "/community/patterns/new/", {"organization": org.pk, "title": "Half written", "area": "building"}
    )
    assert response.content.decode().count("This field is required.") == 2
    assert "Half written" in response.content.decode()
    assert not LearningPattern.objects.exists()


def test_members_endorse_once_each_and_the_list_sorts_by_endorsements(client_for, org, admin, staff, outsider):
    first = LearningPatternFactory(organization=org, title="Less endorsed")
    second = LearningPatternFactory(organization=org, title="More endorsed")
    for user in (admin, outsider):
        assert (
            client_for(user).post(f"/community/patterns/{second.pk}/endorse/", {"comment": "Works"}).status_code == 302
        )
    client_for(staff).post(f"/community/patterns/{first.pk}/endorse/", {})

    response = client_for(outsider).post(f"/community/patterns/{second.pk}/endorse/", {"comment": "Again"}, follow=True)
    assert "You have already endorsed this learning pattern." in response.content.decode()
    second.refresh_from_db()
    assert second.endorsement_count == 2
    assert Endorsement.objects.filter(pattern=second).count() == 2

    page = client_for(staff).get("/community/patterns/").content.decode()
    assert page.index("More endorsed") < page.index("Less endorsed")
    detail = client_for(staff).get(second.get_absolute_url()).content.decode()
    assert "Alice</strong>: Works" in detail and "Mallory</strong>: Works" in detail


def test_a_second_endorsement_changes_nothing(org, admin):
    pattern = LearningPatternFactory(organization=org)
    services.endorse(pattern, admin)
    with pytest.raises(services.CommunityError):
        services.endorse(pattern, admin, "twice")
    pattern.refresh_from_db()
    assert pattern.endorsement_count == 1
    assert list(Endorsement.objects.values_list("comment", flat=True)) == [""]


NASTY = [
    "Plain words",
    "Pipes | and !! bangs, {{template}} and [[link]], ''italic'' and ~~~~",
    "* starts like a list\n# or a numbered one\n: indented\n; term",
    "= a heading? =\n----\n leading space makes a pre",
    "<script>alert(1)</script> & <b>bold</b> __NOTOC__",
    "Line one\r\nLine two\rLine three",
]


def _sections(text, endorsements):
    """{heading: body} of the page, read back with a wikitext parser and unescaped."""
    code = mwparserfromhell.parse(text)
    assert not code.filter_templates() and not code.filter_wikilinks() and not code.filter_external_links()
    assert not [tag for tag in code.filter_tags() if str(tag.tag) not in ("br", "li")]
    # Nothing typed became a list item or a heading: only the endorsements and the six sections are.
    assert len([tag for tag in code.filter_tags() if str(tag.tag) == "li"]) == endorsements
    assert len(code.filter_headings()) == 6
    sections = {}
    for section in code.get_sections(levels=[2]):
        heading = section.filter_headings()[0]
        body = str(section)[len(str(heading)) :].strip()
        sections[html.unescape(str(heading.title).strip())] = body
    return sections


def _unescape(body):
    return html.unescape(body.replace("<br />", "\n"))


@pytest.mark.parametrize("nasty", NASTY)
def test_the_wikitext_parses_back_to_what_was_typed(org, admin, staff, nasty):
    pattern = LearningPatternFactory(
        organization=org,
        author=admin,
        title="T",
        problem=nasty,
        solution=nasty,
        considerations=nasty,
        when_to_use=nasty,
        measure=nasty,
    )
    services.endorse(pattern, admin, nasty)
    services.endorse(pattern, staff)
    text = wikitext.to_wikitext(pattern, list(pattern.endorsements.select_related("user")))
    sections = _sections(text, endorsements=2)
    expected = nasty.replace("\r\n", "\n").replace("\r", "\n")
    for heading, _typed in wikitext.sections(pattern):
        assert _unescape(sections.pop(heading)) == expected
    endorsements = sections.pop("Endorsements")
    items = [_unescape(line[2:]) for line in endorsements.splitlines()]
    assert items == [f"Alice: {expected}", "Bob"]
    assert not sections


def test_the_wikitext_page_has_a_copy_button_and_no_inline_script(client_for, org, outsider):
    pattern = LearningPatternFactory(organization=org, title="Summaries")
    page = client_for(outsider).get(f"/community/patterns/{pattern.pk}/wikitext/").content.decode()
    assert "== What problem does this solve? ==" in page
    assert 'data-copy="wikitext"' in page
    assert "<script>" not in page and "style=" not in page


def test_another_organization_cannot_edit_a_pattern(client_for, org, outsider, volunteer):
    pattern = LearningPatternFactory(organization=org, author=volunteer, title="Ours")
    response = client_for(outsider).post(f"/community/patterns/{pattern.pk}/edit/", {"title": "Theirs"})
    assert response.status_code == 404
    pattern.refresh_from_db()
    assert pattern.title == "Ours"
