import pytest

from oeplanner.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Tasks sent by the code under test run at once, in the test's process."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False
