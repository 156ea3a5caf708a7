"""HTTP caching of public responses: one policy, strong ETags, compression.

Every cached public response (see ``app/public/cache.py``) leaves through
``public_response``: browsers, proxies and CDNs may keep it briefly and serve it
stale while they revalidate (so they show an update within a minute), or for a
day while Beacon is down; ``Surrogate-Key``/``Cache-Tag`` name the page (and the
place nginx names it by) so a CDN can purge exactly; the body is sent gzip- or
brotli-compressed when the client accepts it.
"""

import gzip
import hashlib
from dataclasses import dataclass, field

import brotli
from flask import Response, current_app, request

from app.core.links import HOST_SLUG_KEY

COMPRESSIBLE = ("text/", "application/json", "application/rss+xml",
                "application/atom+xml", "image/svg+xml", "application/xml")  # fmt: skip
MIN_COMPRESS_BYTES = 512


@dataclass(frozen=True)
class Body:
    """One rendered body and its precompressed forms, with a strong tag each."""

    identity: bytes
    encoded: dict[str, bytes] = field(default_factory=dict)
    # A strong tag per encoding, computed once: hits only look it up.
    digests: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        forms = {"identity": self.identity, **self.encoded}
        digests = {k: hashlib.sha256(v).hexdigest()[:16] for k, v in forms.items()}
        object.__setattr__(self, "digests", digests)

    @classmethod
    def of(cls, data: bytes, mimetype: str) -> "Body":
        if len(data) < MIN_COMPRESS_BYTES or not mimetype.startswith(COMPRESSIBLE):
            return cls(data)
        return cls(data, {"br": brotli.compress(data, quality=5),
                          "gzip": gzip.compress(data, 6, mtime=0)})  # fmt: skip

    @property
    def size(self) -> int:
        return len(self.identity) + sum(len(b) for b in self.encoded.values())

    def chosen(self) -> tuple[str, bytes]:
        """The encoding this request accepts best, and the bytes to send."""
        accepted = request.accept_encodings
        for coding in ("br", "gzip"):
            if coding in self.encoded and accepted[coding]:
                return coding, self.encoded[coding]
        return "identity", self.identity


def public_response(response: Response, body: Body, page_id: str, tag: str) -> Response:
    """Set the public caching headers and the chosen encoding; 304 when unchanged."""
    coding, data = body.chosen()
    response.set_data(data)
    if coding != "identity":
        response.headers["Content-Encoding"] = coding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{tag}.{body.digests[coding]}")
    response.headers["Cache-Control"] = public_cache_control()
    keys = surrogate_keys(page_id)
    response.headers["Surrogate-Key"] = " ".join(keys)
    response.headers["Cache-Tag"] = ",".join(keys)  # Cloudflare's separator
    return response.make_conditional(request)


def surrogate_keys(page_id: str) -> list[str]:
    """What a CDN can purge this response by: the page's id, and where the page
    lives: ``slug-<slug>`` under the main host, ``host-<domain>`` on its own
    domain. nginx sends that second key with the published files of the same
    URLs (it cannot know the id), so purging it purges both."""
    if request.environ.get(HOST_SLUG_KEY):
        place = f"host-{request.host.partition(':')[0].lower()}"
    else:
        place = f"slug-{request.path.split('/')[1]}"
    return [f"page-{page_id}", place]


def public_cache_control() -> str:
    """Cache-Control of every public response (nginx sends it with the files too)."""
    config = current_app.config
    return (
        f"public, max-age={config['PUBLIC_MAX_AGE']}, "
        f"stale-while-revalidate={config['PUBLIC_STALE_WHILE_REVALIDATE']}, "
        f"stale-if-error={config['PUBLIC_STALE_IF_ERROR']}"
    )
