"""Counting the queries of a page, for the tests that hold a page to the same count for 5 and 50 rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """How many queries a GET of ``url`` runs; the page must answer 200."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(context.captured_queries)
