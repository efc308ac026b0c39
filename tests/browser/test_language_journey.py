import re

from playwright.sync_api import expect

from tests.factories import PartnerFactory


def test_a_visitor_switches_to_french_then_logs_an_interaction(page, org, staff, password):
    PartnerFactory(organization=org, name="Musée Gadagne")

    # Signed out, the footer's switcher turns the login page French.
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    page.get_by_label("Language").select_option(label="Français")
    page.get_by_role("button", name="Change language").click()
    expect(page.get_by_role("heading", name="Se connecter", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.get_by_label(re.compile("utilisateur")).fill(staff.username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()

    # Signed in, the app speaks French: the navigation, the partner page and the interaction form.
    page.get_by_role("link", name="Partenaires", exact=True).click()
    expect(page.get_by_role("heading", name="Partenaires", level=1)).to_be_visible()
    page.get_by_role("link", name="Musée Gadagne", exact=True).click()
    expect(page.get_by_role("heading", name="Enregistrer une interaction")).to_be_visible()
    page.get_by_label("Résumé").fill("Rencontre avec l'équipe des collections : 200 photographies à téléverser.")
    page.get_by_role("button", name="Enregistrer l'interaction").click()

    expect(page.get_by_text("L'interaction a été enregistrée.")).to_be_visible()
    expect(page.locator("#timeline")).to_contain_text("Rencontre avec l'équipe des collections")
    expect(page.get_by_label("Langue")).to_have_value("fr")
