"""An admin imports partner lists: a file with contacts, then a real-world header-less list; maps the columns,
previews, downloads the rejected rows, imports the valid ones and undoes the import."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.factories import PartnerFactory

DATA = Path(__file__).resolve().parents[1] / "data"


def field(page, label):
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def upload(page, name):
    page.get_by_role("link", name="Partners", exact=True).click()
    page.get_by_role("link", name="Import partners").click()
    field(page, "CSV or Excel file").set_input_files(DATA / name)
    page.get_by_role("button", name="Upload and map columns").click()


def test_an_admin_imports_maps_previews_downloads_rejections_and_undoes(page, log_in, org, admin):
    log_in(admin)

    # A list with a header: the columns are mapped by their names; a repeated partner adds a contact.
    upload(page, "partners-with-contacts.csv")
    expect(page.get_by_role("heading", name="Map the columns of partners-with-contacts.csv")).to_be_visible()
    expect(page.get_by_label("Import Contact e-mail as")).to_have_value("contact_email")
    expect(page.get_by_label("Import Role as")).to_have_value("contact_role")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Skip duplicates").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#count-created")).to_have_text("3")
    expect(page.locator("#count-rejected")).to_have_text("1")
    expect(page.locator("#rejections")).to_contain_text("“not a website” is not a web address.")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Some rows are rejected. Fix them in the file")).to_be_visible()
    page.get_by_label("Import only the valid rows and leave the rejected ones out").check()
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-status")).to_have_text("Done")
    expect(page.get_by_text("3 contacts added.")).to_be_visible()

    # A real-world list without a header: the admin maps each column.
    upload(page, "world-universities-sample.csv")
    expect(page.get_by_label("The first row holds column names")).not_to_be_checked()
    expect(page.get_by_role("row", name=re.compile("Column 2")).get_by_text("University of Andorra")).to_be_visible()
    page.get_by_label("Import Column 1 as").select_option("country")
    page.get_by_label("Import Column 2 as").select_option("name")
    page.get_by_label("Import Column 3 as").select_option("website")
    field(page, "Save this mapping as").fill("World universities")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("The mapping was saved as “World universities”.")).to_be_visible()
    page.get_by_label("Sector").select_option(label="Education")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#count-created")).to_have_text("359")
    expect(page.locator("#count-skipped")).to_have_text("3")
    expect(page.locator("#count-rejected")).to_have_text("5")
    expect(page.locator("#rejections")).to_contain_text("“AN” is not a country we know")
    expect(page.get_by_role("table").filter(has_text="Same partner as line 331")).to_be_visible()
    assert org.partners.count() == 3, "the preview writes nothing"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the rejected rows (CSV, with the reason)").click()
    download = download_info.value
    assert download.suggested_filename == "world-universities-sample-rejected.csv"
    rejected = Path(download.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rejected[0] == "Column 1,Column 2,Column 3,Line,Reason"
    assert rejected[1].startswith('AN,"American University of the Caribbean, Sint Maarten",http://www.aucmed.edu/,108,')
    assert len(rejected) == 6

    page.get_by_label("Import only the valid rows and leave the rejected ones out").check()
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#count-created")).to_have_text("359")
    assert org.partners.count() == 362 and org.partners.get(name="University of Andorra").sector == "education"

    # Undo: the universities go, the first import stays.
    page.get_by_role("link", name="Undo this import").click()
    expect(page.get_by_text("359 partners it created are removed")).to_be_visible()
    page.get_by_role("button", name="Undo the import").click()
    expect(page.get_by_text("The import of world-universities-sample.csv was undone.")).to_be_visible()
    expect(page.locator("#import-status")).to_have_text("Undone")
    assert org.partners.count() == 3

    # Both imports are in the list of past imports.
    page.get_by_role("link", name="Import another file").click()
    past = page.locator("section", has=page.get_by_role("heading", name="Past imports"))
    expect(past.get_by_role("row")).to_have_count(3)
    expect(past).to_contain_text("partners-with-contacts.csv")


def test_an_admin_decides_on_possible_duplicates_in_the_preview(page, log_in, org, admin, tmp_path):
    PartnerFactory(
        organization=org, name="University of Toronto", country="CA", city="", website="http://www.utoronto.ca/"
    )
    bolivia = PartnerFactory(organization=org, name="Universidad Central", country="BO", city="", website="")
    file = tmp_path / "universities.csv"
    file.write_text(
        "Name,Country,City,Website\n"
        "University of St. Michael's College,CA,,http://www.utoronto.ca/stmikes/\n"
        "Universidad Central,BO,Cochabamba,\n"
        "Universidad Central,CL,,http://www.ucentral.cl/\n",
        encoding="utf-8",
    )
    log_in(admin)
    page.get_by_role("link", name="Partners", exact=True).click()
    page.get_by_role("link", name="Import partners").click()
    field(page, "CSV or Excel file").set_input_files(file)
    page.get_by_role("button", name="Upload and map columns").click()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Create and update").check()
    page.get_by_role("button", name="Preview").click()

    # Chile's Universidad Central is no one we know; the other two only may be.
    duplicates = page.locator("#possible-duplicates")
    expect(duplicates.get_by_role("heading")).to_have_text("2 possible duplicates")
    expect(duplicates.get_by_role("row", name=re.compile("St. Michael")).get_by_role("link")).to_have_text(
        "University of Toronto"
    )
    expect(duplicates).to_contain_text("website under the same site")
    expect(duplicates).to_contain_text("same name in the same place")
    expect(page.get_by_label("Choice for line 2")).to_have_value("create")
    expect(page.get_by_label("Choice for line 3")).to_have_value("update")
    expect(page.locator("#count-created")).to_have_text("2")
    expect(page.locator("#count-updated")).to_have_text("1")

    # Everything skipped at once, then line 3 taken back as the Bolivian university it is.
    page.get_by_label("For every possible duplicate").select_option(label="Skip this row")
    page.get_by_role("button", name="Apply to all").click()
    expect(page.get_by_text("Your choices for the possible duplicates are saved")).to_be_visible()
    expect(page.locator("#count-created")).to_have_text("1")
    expect(page.locator("#count-skipped")).to_have_text("2")
    page.get_by_label("Choice for line 3").select_option(label="Update the existing one (suggested)")
    page.get_by_role("button", name="Save these choices").click()
    expect(page.locator("#count-updated")).to_have_text("1")
    expect(page.locator("#count-skipped")).to_have_text("1")

    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-status")).to_have_text("Done")
    bolivia.refresh_from_db()
    assert bolivia.city == "Cochabamba"
    assert sorted(org.partners.values_list("name", "country")) == [
        ("Universidad Central", "BO"),
        ("Universidad Central", "CL"),
        ("University of Toronto", "CA"),
    ]
