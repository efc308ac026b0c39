from django.core.paginator import Paginator


def paginate(request, queryset, per_page=50):
    """The requested page of ``queryset``. ``page.query`` is the request's query string without ``page``,
    so that page links and export links keep the list's filters."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()
    return page
