"""HTTP caching for anonymous responses: a short max-age plus ETag revalidation."""

from flask import Response, request

PUBLIC_MAX_AGE = 60


def cacheable(response: Response, max_age: int = PUBLIC_MAX_AGE) -> Response:
    """Let browsers and proxies keep ``response`` briefly; answer 304 when unchanged."""
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.add_etag()
    return response.make_conditional(request)
