"""Sign in with a Wikimedia account: social-auth's MediaWiki backend, with the app's own rules.

A Wikimedia account is known by its stable central id (the identity's ``sub``), never by its
username, which can change. Its first sign-in creates an account of its own; an existing account
is linked only by its signed-in owner, from their profile, never by a matching e-mail address.
The steps below run in the pipeline declared in settings (``SOCIAL_AUTH_PIPELINE``).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from social_core.backends.mediawiki import MediaWiki
from social_core.exceptions import AuthCanceled, AuthPolicyError
from social_django.middleware import SocialAuthExceptionMiddleware

PROVIDER = "mediawiki"


def is_configured():
    return bool(settings.SOCIAL_AUTH_MEDIAWIKI_KEY and settings.SOCIAL_AUTH_MEDIAWIKI_SECRET)


class WikimediaBackend(MediaWiki):
    """The MediaWiki backend, closed while no consumer key and secret are configured."""

    def auth_url(self):
        if not is_configured():
            raise Http404("Signing in with Wikimedia is not configured.")
        return super().auth_url()


class BlockedAccount(AuthPolicyError):
    pass


class AlreadyLinked(AuthPolicyError):
    pass


def linked_account(user):
    """The Wikimedia link of an account, or None."""
    return user.social_auth.filter(provider=PROVIDER).first()


def account_named(wikimedia_username):
    """The account linked to the Wikimedia account of this name, as last seen, or None.

    MediaWiki reads underscores as spaces and capitalizes the first letter; the rest is exact.
    """
    name = wikimedia_username.replace("_", " ").strip()
    name = name[:1].upper() + name[1:]
    return (
        get_user_model().objects.filter(social_auth__provider=PROVIDER, social_auth__extra_data__username=name).first()
    )


def confirmed_emails(user):
    """The addresses Wikimedia vouched for as this person's at their last sign-in."""
    return {
        link.extra_data["email"].lower()
        for link in user.social_auth.filter(provider=PROVIDER)
        if link.extra_data.get("email")
    }


def link_demo_account(user):
    """Link a demo user to a made-up Wikimedia account, so that the fake wiki of the tests signs them in.

    Real central ids are numbers: ``demo:<username>`` can never be one.
    """
    user.social_auth.update_or_create(
        provider=PROVIDER,
        uid=f"demo:{user.username}",
        defaults={"id_key": WikimediaBackend.ID_KEY, "extra_data": {"username": user.username.title(), "email": ""}},
    )


def refuse_blocked(backend, details, *args, **kwargs):
    if details.get("blocked"):
        raise BlockedAccount(backend, stage="pipeline")


def one_link_per_account(backend, user=None, social=None, *args, **kwargs):
    """A signed-in member links one Wikimedia account at most; another needs an unlink first."""
    if user is not None and social is None and linked_account(user) is not None:
        raise AlreadyLinked(backend, stage="pipeline")


def new_account_details(details, response, user=None, *args, **kwargs):
    """What a first sign-in's account takes: the username, and the e-mail only if Wikimedia confirmed it.

    MediaWiki treats spaces and underscores in usernames alike; Django's usernames refuse spaces.
    The library then drops any other character Django refuses and makes the name unique.
    """
    if user is not None:
        return None
    email = response.get("email", "") if response.get("confirmed_email") else ""
    return {"details": {**details, "username": response["username"].replace(" ", "_"), "email": email}}


def record_identity(social, response, *args, **kwargs):
    """Keep the Wikimedia username for display (it may have changed) and the confirmed address."""
    social.extra_data = {
        **social.extra_data,
        "username": response["username"],
        "email": response.get("email", "") if response.get("confirmed_email") else "",
    }
    social.save(update_fields=["extra_data", "modified"])


def say_unlinked(strategy, *args, **kwargs):
    """The last step of unlinking (``SOCIAL_AUTH_DISCONNECT_PIPELINE``): tell the member it is done."""
    messages.success(
        strategy.request, _("Your Wikimedia account was unlinked: sign in with your username and password.")
    )


class SignInErrorMiddleware(SocialAuthExceptionMiddleware):
    """Say in the app's words why a Wikimedia sign-in, link or unlink failed, where the person was."""

    def get_message(self, request, exception):
        if isinstance(exception, BlockedAccount):
            return _("This Wikimedia account is blocked, so it cannot be used to sign in here.")
        if exception.code == "identity_in_use":
            return _("That Wikimedia account is already linked to another account here.")
        if isinstance(exception, AlreadyLinked):
            return _("Your account is already linked to a Wikimedia account: unlink it first.")
        if exception.code == "disconnect_disallowed":
            return _("Your account has no password, so unlinking Wikimedia would leave you no way to sign in.")
        if isinstance(exception, AuthCanceled):
            return _("Signing in with Wikimedia was cancelled.")
        return _("Wikimedia's answer could not be verified, so you were not signed in. Please try again.")

    def get_redirect_uri(self, request, exception):
        return reverse("profile") if request.user.is_authenticated else reverse("login")
