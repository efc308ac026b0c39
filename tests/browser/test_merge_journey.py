"""Staff find two records of one museum among the possible duplicates, compare them, merge them and undo."""

from playwright.sync_api import expect

from tests.factories import ContactFactory, PartnerFactory


def test_staff_merge_two_partners_from_the_possible_duplicates(page, log_in, org, staff):
    survivor = PartnerFactory(organization=org, name="Musée Gadagne", city="Lyon", country="FR")
    ContactFactory(partner=survivor, name="Ada Lovelace")
    duplicate = PartnerFactory(
        organization=org, name="Musee GADAGNE", city="", country="FR", website="https://www.gadagne-lyon.fr"
    )
    ContactFactory(partner=duplicate, name="Bea Martin")
    log_in(staff)

    page.get_by_role("link", name="Partners", exact=True).click()
    page.get_by_role("link", name="Possible duplicates").click()
    # At phone width the pages stack and nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    group = page.locator(".duplicate-group")
    expect(group).to_contain_text("same name in the same place")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    group.get_by_role("link", name="Compare and merge").click()

    expect(page.get_by_role("heading", name="Merge Musee GADAGNE into Musée Gadagne")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    website = page.get_by_role("group", name="Website")
    expect(website.get_by_label("https://www.gadagne-lyon.fr")).to_be_checked()  # the survivor has none
    city = page.get_by_role("group", name="City")
    expect(city.get_by_label("Lyon")).to_be_checked()
    name = page.get_by_role("group", name="Name")
    name.get_by_label("Musée Gadagne").focus()
    page.keyboard.press("ArrowDown")  # radios of one field move with the arrow keys
    expect(name.get_by_label("Musee GADAGNE")).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#merge-moving")).to_contain_text("Contacts: 1")
    page.get_by_role("button", name="Merge Musee GADAGNE into Musée Gadagne").click()

    # The survivor now holds the other record's contact, with a way back.
    expect(page.get_by_text("Musee GADAGNE was merged into Musée Gadagne and archived.")).to_be_visible()
    expect(page.get_by_role("heading", name="Musée Gadagne", level=1)).to_be_visible()
    contacts = page.locator("#contacts")
    expect(contacts).to_contain_text("Ada Lovelace")
    expect(contacts).to_contain_text("Bea Martin")
    expect(page.get_by_role("link", name="https://www.gadagne-lyon.fr")).to_be_visible()
    expect(page.get_by_role("button", name="Undo merge")).to_be_visible()

    # The merged record says where it went.
    page.locator("#merge-undo").get_by_role("link", name="Musee GADAGNE").click()
    merged_into = page.locator("#merged-into")
    expect(merged_into).to_contain_text("Merged into Musée Gadagne")
    expect(page.locator("#contacts")).to_contain_text("No contact yet.")
    merged_into.get_by_role("link", name="Musée Gadagne").click()

    # Undo puts both back.
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_text("The merge was undone")).to_be_visible()
    expect(page.locator("#contacts")).not_to_contain_text("Bea Martin")
    page.goto(duplicate.get_absolute_url())
    expect(page.locator("#contacts")).to_contain_text("Bea Martin")
    expect(page.locator("#merged-into")).to_have_count(0)


def test_staff_start_a_merge_from_a_partner_page_with_the_keyboard(page, log_in, org, staff):
    survivor = PartnerFactory(organization=org, name="Bibliothèque municipale de Lyon")
    PartnerFactory(organization=org, name="BM Lyon (Part-Dieu)")
    log_in(staff)
    page.goto(survivor.get_absolute_url())

    page.get_by_role("link", name="Merge with another partner…").click()
    search = page.get_by_label("Other partner's name, city or website")
    expect(search).to_be_focused()
    search.type("nothing like it")
    page.keyboard.press("Enter")
    expect(page.get_by_text("No other partner matches “nothing like it”.")).to_be_visible()
    search = page.get_by_label("Other partner's name, city or website")
    search.fill("Part-Dieu")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Compare BM Lyon (Part-Dieu)").focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name="Merge BM Lyon (Part-Dieu) into Bibliothèque municipale de Lyon")
    ).to_be_visible()
