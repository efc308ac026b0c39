"""The API's two web pages: the OpenAPI viewer, and the organization's token settings."""

from django.contrib import messages
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from oeplanner.models import Role
from oeplanner.tenancy import org_view

from ..forms import ApiTokenForm
from ..services import create_token, revoke_token


def docs(request):
    """The OpenAPI description drawn by the vendored Swagger UI (static/js/api-docs.js starts it)."""
    # Under the app's own Content-Security-Policy: Swagger UI sets styles through the DOM, which it allows.
    return render(request, "api/docs.html", {"csrf_token_value": get_token(request)})


@org_view(role=Role.ADMIN)
def token_list(request):
    """The organization's API tokens; creating one shows its secret on this page, once."""
    form = ApiTokenForm(request.POST or None, organization=request.org)
    secret = new_token = None
    if request.method == "POST" and form.is_valid():
        new_token, secret = create_token(
            request.org, name=form.cleaned_data["name"], access=form.cleaned_data["access"], by=request.user
        )
        form = ApiTokenForm(organization=request.org)
    tokens = request.org.api_tokens.select_related("created_by")
    context = {"form": form, "tokens": tokens, "secret": secret, "new_token": new_token}
    return render(request, "api/token_list.html", context)


@org_view(role=Role.ADMIN)
def token_revoke(request, token_pk):
    token = get_object_or_404(request.org.api_tokens.all(), pk=token_pk)
    if request.method == "POST":
        revoke_token(token)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("api_token_list", org_slug=request.org.slug)
    return render(request, "api/token_revoke.html", {"token": token})
