"""Playwright driving Debian's Chromium against the live test server.

Every page a journey shows is checked with axe-core before the browser leaves it and at the end of the
test: the journey fails on any serious or critical accessibility violation.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core-4.14.1" / "axe.min.js"
AXE_FAILING_IMPACTS = ("serious", "critical")
# Runs axe in the page and returns its serious and critical violations, one line each.
AXE_RUN = """async (impacts) => {
  // One run at a time in a page: the end-of-test check waits for the one started on "load".
  // The vendored Swagger UI of /api/v1/docs/ is a third party's widget (nested controls, its own colours); the
  // page around it is checked like every other.
  const context = {exclude: [".swagger-ui"]};
  window.axeRun = (window.axeRun || Promise.resolve()).then(() => axe.run(context, {resultTypes: ["violations"]}));
  const result = await window.axeRun;
  return result.violations.filter((v) => impacts.includes(v.impact)).map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""

expect.set_options(timeout=10_000)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def check_accessibility(page, violations):
    """Run axe-core on the page shown now and add what it finds to ``violations`` (by URL)."""
    if not page.url.startswith("http") or not page.evaluate("() => typeof axe !== 'undefined'"):
        return  # about:blank or a non-HTML response: nothing to check
    # From the page's "load" event: every page the journey shows is checked.
    found = page.evaluate(AXE_RUN, list(AXE_FAILING_IMPACTS))
    if found:
        violations.setdefault(page.url, set()).update(found)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="UTC")
    # Injected by the browser itself in every document (not a <script> of the page), so the app's
    # Content-Security-Policy stays exactly as in production.
    context.add_init_script(path=AXE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # Chromium reports on the console what the Content-Security-Policy blocked: a journey that needed
    # an inline script or style fails here even if the page still looked right.
    blocked = []
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    violations = {}

    page.on("load", lambda shown: check_accessibility(shown, violations))
    yield page
    check_accessibility(page, violations)
    context.close()
    assert not blocked, "\n".join(blocked)
    assert not violations, "axe-core found serious or critical violations:\n" + "\n".join(
        f"{url}\n  " + "\n  ".join(sorted(found)) for url, found in violations.items()
    )


@pytest.fixture
def log_in(page, password):
    """Log in through the login form, as a person would."""

    def log_in(user):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        return page

    return log_in
