"""The nginx site that serves the publish directory and falls back to the app.

One template (templates/deploy/nginx.conf) fed from the app's own settings, so
the headers nginx sends with a published file are the ones the app sends with
the same bytes: the caching policy, the CSP, CORS on the v2 JSON.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, render_template

from app.http_cache import public_cache_control
from app.publishing.files import publish_dir
from app.publishing.targets import main_host
from app.security import CONTENT_SECURITY_POLICY

BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


@dataclass(frozen=True)
class Site:
    """Where nginx listens, the app hosts behind it, and the folders it reads."""

    listen: str = "80"
    upstreams: Sequence[str] = ("127.0.0.1:8000",)
    server_name: str | None = None  # None: BASE_URL's host
    publish_dir: Path | None = None  # None: the app's PUBLISH_DIR
    static_dir: Path | None = None  # None: the app's static folder
    brotli: bool = field(default_factory=BROTLI_MODULE.exists)


def site_config(site: Site) -> str:
    """The nginx ``upstream`` and ``server`` blocks for this Beacon."""
    static = site.static_dir or Path(current_app.static_folder or "static").resolve()
    server_name = site.server_name or main_host()
    return render_template(
        "deploy/nginx.conf",
        listen=site.listen,
        upstreams=site.upstreams,
        brotli=site.brotli,
        server_name=server_name,
        server_name_pattern=re.escape(server_name),
        publish_dir=site.publish_dir or publish_dir().resolve(),
        static_dir=static,
        session_cookie=current_app.config["SESSION_COOKIE_NAME"],
        cache_control=public_cache_control(),
        content_security_policy=CONTENT_SECURITY_POLICY,
    )
