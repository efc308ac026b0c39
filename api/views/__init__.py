"""The REST API of one organization, under /api/v1/o/<org_slug>/, one module per area.

Reads start from ``request.org`` (set by api.permissions.OrganizationAccess). Writes go through the web app's
own forms and services, so that the API accepts exactly what the pages accept and records the same history.
"""
