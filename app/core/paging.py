"""Page numbers read from query strings, bounded once for every paged list."""

from flask import abort, request

# Far past any real list (100 a page: a million rows), and far below the
# 64-bit OFFSET PostgreSQL refuses with an error (a 500, before this bound).
MAX_PAGE_NUMBER = 10_000


def page_number(name: str = "page") -> int:
    """The page asked for: 1 when absent or not a number, a 404 outside 1..max."""
    number = request.args.get(name, 1, type=int)
    if not 1 <= number <= MAX_PAGE_NUMBER:
        abort(404)
    return number
