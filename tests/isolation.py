"""Walk every URL pattern of a URLconf and check that organizations stay apart.

Used by tests/oeplanner/test_isolation.py on the project's URLs, and by a test of
the test on a URLconf with deliberately broken views.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from oeplanner.models import Role

ORG_PREFIX = "o/<slug:org_slug>/"
API_ORG_PREFIX = "api/v1/o/<slug:org_slug>/"
COMMUNITY_PREFIX = "community/"
ROUTE_PARAM = re.compile(r"<(?:\w+:)?(\w+)>")

# Pages anyone may open without logging in.
PUBLIC_URL_NAMES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # Authenticated by a secret in the address instead of a login (a calendar application, one
    # click from an e-mail); tests/reminders/test_tokens.py checks that a wrong, expired or
    # replaced token answers 404.
    "calendar_feed",
    "reminder_done",
    # The invitation link: tests/oeplanner/test_invitations.py checks that an unknown token answers
    # 404, a closed invitation 410, and that only the invited person can accept.
    "invitation",
    # Signing in with Wikimedia starts and ends here; tests/accounts_oauth/ checks that a refused, blocked
    # or forged sign-in opens nothing.
    "social:begin",
    "social:complete",
    # For a monitor to poll; tests/reminders/test_scheduler_health.py checks that it tells
    # nothing about any organization.
    "healthz",
    # The API's OpenAPI description and its viewer: the same for everyone, about no organization.
    "api_schema",
    "api_docs",
    # The footer's language switcher (tests/oeplanner/test_languages.py): it changes only the visitor's own
    # language, and sends them back only to an address of this site.
    "set_language",
}
# Django's admin has its own staff-only login and is not an organization page.
SKIPPED_PREFIXES = ("admin/",)


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    callback: object

    @property
    def params(self):
        return ROUTE_PARAM.findall(self.route)

    @property
    def is_org_page(self):
        return self.route.startswith(ORG_PREFIX)

    @property
    def is_api(self):
        return self.route.startswith(API_ORG_PREFIX)

    @property
    def community_access(self):
        """How a community page may be reached (community/views.py ``community_view``), or None."""
        return getattr(self.callback, "community_access", None)


def iter_routes(urlconf=None):
    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = namespace + entry.name if entry.name else entry.name
                yield Route(prefix + str(entry.pattern), name, entry.callback)

    for route in walk(get_resolver(urlconf).url_patterns, "", ""):
        if not route.route.startswith(SKIPPED_PREFIXES):
            yield route


PROJECT_APPS = {
    "oeplanner",
    "partners",
    "partnerships",
    "questionnaire",
    "capacityplans",
    "reminders",
    "community",
    "api",
}


def _row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


class IsolationWalk:
    """Requests every route as each kind of visitor; collects what went wrong."""

    def __init__(self, client, *, org, other_org, members, outsider, objects, moderator=None, urlconf=None):
        self.client = client
        self.org = org
        self.other_org = other_org
        self.members = members  # {Role: user of org}
        self.outsider = outsider  # member of other_org only
        self.moderator = moderator  # moderates the community, member of no organization
        self.objects = objects  # {param name: callable(org) -> object of that org}
        self.urlconf = urlconf
        self.problems = []

    def url(self, route, org):
        kwargs = {}
        for param in route.params:
            if param == "org_slug":
                kwargs[param] = org.slug
            elif param in self.objects:
                kwargs[param] = self.objects[param](org).pk
            else:
                kwargs[param] = "x"
        return reverse(route.name, urlconf=self.urlconf, kwargs=kwargs)

    def expect(self, route, who, method, url, allowed):
        response = getattr(self.client, method)(url)
        if response.status_code not in allowed:
            self.problems.append(
                f"{route.name} ({route.route}) as {who}: {method.upper()} {url} "
                f"answered {response.status_code}, expected {sorted(allowed)}"
            )

    def run(self):
        routes = list(iter_routes(self.urlconf))
        for route in routes:
            if route.name in PUBLIC_URL_NAMES or route.is_api:
                continue  # the API's routes are walked by ApiIsolationWalk
            unknown = [p for p in route.params if p != "org_slug" and p not in self.objects]
            if unknown:
                self.problems.append(f"{route.name}: no object registered for {unknown} in the isolation test")
                continue
            self.check_anonymous(route)
            if route.is_org_page:
                self.check_org_page(route)
            elif route.route.startswith(COMMUNITY_PREFIX):
                self.check_community_page(route)
        return self.problems

    def check_anonymous(self, route):
        self.client.logout()
        url = self.url(route, self.org)
        response = self.client.get(url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            self.problems.append(f"{route.name} as anonymous: GET {url} answered {response.status_code}, not login")

    def check_org_page(self, route):
        needed = getattr(route.callback, "org_role", None)
        if needed is None:
            self.problems.append(f"{route.name} ({route.route}) does not go through the tenancy helper org_view")
            return
        before = _row_counts()

        self.client.force_login(self.outsider)
        url = self.url(route, self.org)
        for method in ("get", "post"):
            self.expect(route, "outsider", method, url, {404})

        has_objects = any(p != "org_slug" for p in route.params)
        for role, user in self.members.items():
            self.client.force_login(user)
            allowed_here = Role(role).rank >= Role(needed).rank
            if has_objects:
                url = self._mixed_url(route)
                expected = {404} if allowed_here else {403, 404}
                who = f"{role} with another organization's objects"
                # A POST-only view may refuse a GET before looking anything up; that reveals nothing.
                self.expect(route, who, "get", url, expected | {405})
                self.expect(route, who, "post", url, expected)
            own = self.url(route, self.org)
            # A role that may open the page can still be refused one object (a partner it does not own).
            self.expect(route, role, "get", own, {200, 302, 403, 405} if allowed_here else {403})

        after = _row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            self.problems.append(f"{route.name}: refused requests changed rows {changed}")

    def check_community_page(self, route):
        """Community pages are shared across organizations, with one rule per kind of page:

        * read: members of any organization open it;
        * contribute (post, offer help, endorse, flag): members of any organization reach it;
        * edit: only the entry's own organization; anyone else gets 404 and changes nothing;
        * moderate: only moderators; anyone else gets 404;
        and an entry hidden by a moderator answers 404 on every page to everyone but moderators.
        """
        access = route.community_access
        if access not in {"read", "contribute", "edit", "moderate"}:
            self.problems.append(f"{route.name} ({route.route}) does not go through community_view")
            return
        before = _row_counts()
        url = self.url(route, self.org)
        admin = self.members[Role.ADMIN]
        if access == "read":
            for who, user in (("outsider", self.outsider), ("admin", admin)):
                self.client.force_login(user)
                self.expect(route, who, "get", url, {200})
        elif access == "contribute":
            self.client.force_login(self.outsider)
            self.expect(route, "outsider", "get", url, {200, 302, 405})
        elif access == "edit":
            self.client.force_login(self.outsider)
            for method in ("get", "post"):
                self.expect(route, "outsider", method, url, {404})
            self.client.force_login(admin)
            self.expect(route, "admin of the entry's organization", "get", url, {200})
        else:
            for who, user in (("outsider", self.outsider), ("admin", admin)):
                self.client.force_login(user)
                for method in ("get", "post"):
                    self.expect(route, who, method, url, {404})
            if self.moderator:
                self.client.force_login(self.moderator)
                self.expect(route, "moderator", "get", url, {200})
        if route.params:
            self.check_hidden_entry(route, access)
        after = _row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            self.problems.append(f"{route.name}: refused requests changed rows {changed}")

    def check_hidden_entry(self, route, access):
        entries = [self.objects[param](self.org) for param in route.params]
        for entry in entries:
            type(entry).objects.filter(pk=entry.pk).update(hidden_at=timezone.now())
        try:
            url = self.url(route, self.org)
            for who, user in (
                ("outsider", self.outsider),
                ("admin of the entry's organization", self.members[Role.ADMIN]),
            ):
                self.client.force_login(user)
                # A POST-only view may refuse a GET before looking anything up; that reveals nothing.
                self.expect(route, f"{who} on a hidden entry", "get", url, {404, 405})
                self.expect(route, f"{who} on a hidden entry", "post", url, {404})
            if self.moderator and access in {"read", "moderate"}:
                self.client.force_login(self.moderator)
                self.expect(route, "moderator on a hidden entry", "get", url, {200})
        finally:
            for entry in entries:
                type(entry).objects.filter(pk=entry.pk).update(hidden_at=None)

    def _mixed_url(self, route):
        """Our organization's slug with the other organization's object ids."""
        kwargs = {}
        for param in route.params:
            kwargs[param] = self.org.slug if param == "org_slug" else self.objects[param](self.other_org).pk
        return reverse(route.name, urlconf=self.urlconf, kwargs=kwargs)


class ApiIsolationWalk:
    """Requests every API route of an organization with each kind of credentials; collects what went wrong.

    * no credentials, or a revoked token: 401;
    * another organization's token: 404, as if the organization did not exist;
    * our token with another organization's object: 404;
    * a read-only token: reads, and every write answers 403;
    and no refused request changes a row.
    """

    def __init__(self, *, org, other_org, clients, objects, urlconf=None):
        self.org = org
        self.other_org = other_org
        self.clients = clients  # {"anonymous", "revoked", "foreign", "read", "write": APIClient}
        self.objects = objects  # {model label: callable(org) -> object of that org}
        self.urlconf = urlconf
        self.problems = []

    def run(self):
        for route in iter_routes(self.urlconf):
            if route.is_api:
                self.check(route)
        return self.problems

    def url(self, route, org, objects_of):
        kwargs = {"org_slug": org.slug}
        if "pk" in route.params:
            kwargs["pk"] = self.objects[self.label(route)](objects_of).pk
        return reverse(route.name, urlconf=self.urlconf, kwargs=kwargs)

    @staticmethod
    def label(route):
        return route.callback.cls.model._meta.label

    def expect(self, route, who, method, url, allowed):
        response = getattr(self.clients[who], method)(url, {}, format="json") if method != "get" else None
        if response is None:
            response = self.clients[who].get(url)
        if response.status_code not in allowed:
            self.problems.append(
                f"{route.name} ({route.route}) with the {who} token: {method.upper()} {url} "
                f"answered {response.status_code}, expected {sorted(allowed)}"
            )

    def check(self, route):
        actions = getattr(route.callback, "actions", None)
        if actions is None or "pk" in route.params and self.label(route) not in self.objects:
            self.problems.append(f"{route.name}: not an API view set, or no object registered in the isolation test")
            return
        methods = sorted(m for m in actions if m in route.callback.cls.http_method_names)
        writes = [m for m in methods if m not in ("get", "head", "options")]
        before = _row_counts()
        own = self.url(route, self.org, self.org)
        for method in methods:
            self.expect(route, "anonymous", method, own, {401})
            self.expect(route, "revoked", method, own, {401})
            self.expect(route, "foreign", method, own, {404})
        if "pk" in route.params:
            mixed = self.url(route, self.org, self.other_org)
            for method in methods:
                self.expect(route, "write", method, mixed, {404})
        for method in writes:
            self.expect(route, "read", method, own, {403})
        if "get" in methods:
            for who in ("read", "write"):
                self.expect(route, who, "get", own, {200})
        after = _row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            self.problems.append(f"{route.name}: refused requests changed rows {changed}")
