"""Every page carries a Content-Security-Policy that allows only the app's own files, and no page needs
more: no inline script, no inline event handler, no inline style, no javascript: address."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from oeplanner.models import Organization, Role, User
from oeplanner.services import invite
from tests.isolation import iter_routes

from .test_isolation import OBJECTS, _fill


class InlineCodeFinder(HTMLParser):
    """Collects what a strict policy would block in a page."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs:
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("inline <style>")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f'<{tag} style="{value}">')
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value}>")


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--password", "demo-pw")
    org = Organization.objects.get(slug="demo")
    admin = User.objects.get(username="demo-admin")
    _fill(org, admin)
    invite(org, "someone@example.org", Role.STAFF, invited_by=admin)
    return org, admin


def test_the_policy_allows_only_the_app_s_own_files():
    policy = dict(part.strip().split(" ", 1) for part in settings.CONTENT_SECURITY_POLICY.split(";"))
    assert policy["default-src"] == "'self'"
    assert "unsafe-inline" not in settings.CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in settings.CONTENT_SECURITY_POLICY
    assert policy["object-src"] == "'none'"


def test_every_page_carries_the_policy_and_needs_nothing_inline(client, demo):
    org, admin = demo
    client.force_login(admin)
    problems, pages = [], 0
    for route in iter_routes():
        kwargs = {}
        for param in route.params:
            if param == "org_slug":
                kwargs[param] = org.slug
            elif param in OBJECTS:
                kwargs[param] = OBJECTS[param](org).pk
            elif param == "pk":
                kwargs[param] = 0  # an API object: its "not found" answer is checked
            else:
                kwargs[param] = "not-a-token"  # token pages: their "not found" page is checked
        url = reverse(route.name, kwargs=kwargs)
        response = client.get(url)
        if response.get("Content-Security-Policy") != settings.CONTENT_SECURITY_POLICY:
            problems.append(f"{url}: no Content-Security-Policy header")
        if response["Content-Type"].startswith("text/html"):
            pages += 1
            problems += [f"{url}: {problem}" for problem in inline_code(response.content.decode())]
    assert pages > 60
    assert not problems, "\n".join(problems)


def test_pages_for_visitors_who_are_not_logged_in_carry_it_too(client, demo, admin_client):
    for url in (reverse("login"), reverse("password_reset"), "/no-such-page/", reverse("admin:index")):
        response = client.get(url)
        assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
        assert not inline_code(response.content.decode())
    assert admin_client.get(reverse("admin:index"))["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY


def test_the_inline_code_finder_catches_what_the_policy_blocks():
    assert inline_code('<script>alert(1)</script><script src="/static/x.js"></script>') == ["inline <script>"]
    assert inline_code('<button onclick="window.print()">') == ["<button onclick=…>"]
    assert inline_code('<div style="width: 5%">') == ['<div style="width: 5%">']
    assert inline_code('<a href="javascript:void(0)">') == ["<a href=javascript:void(0)>"]
