import pytest
from django.contrib.auth.models import Permission

from tests.factories import UserFactory


@pytest.fixture
def moderator(db):
    """An installation admin who moderates the community but belongs to no organization."""
    user = UserFactory(username="moderator")
    user.user_permissions.add(Permission.objects.get(codename="moderate", content_type__app_label="community"))
    return user
