from django.utils import timezone

from .models import ApiToken, hash_token


def create_token(organization, *, name, access, by):
    """A new token and its secret, which is returned this once and stored only hashed."""
    secret = ApiToken.new_secret()
    token = ApiToken.objects.create(
        organization=organization, name=name, access=access, created_by=by, token_hash=hash_token(secret)
    )
    return token, secret


def revoke_token(token):
    """Refuse the token from now on; it stays listed, revoked."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
