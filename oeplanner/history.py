from .pagination import paginate


def history_changes(request, history, per_page=30):
    """A page of a simple-history manager's records, each with what changed since the record before it."""
    page = paginate(request, history.select_related("history_user"), per_page=per_page)
    records = list(page.object_list)
    # Each record is compared with the one before it: fetch one more than shown.
    following = history.filter(history_id__lt=records[-1].history_id).first() if records else None
    pairs = zip(records, records[1:] + [following], strict=True)
    changes = [(record, record.diff_against(previous).changes if previous else None) for record, previous in pairs]
    return page, changes
