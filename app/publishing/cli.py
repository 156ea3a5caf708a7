"""`flask publish all|page|nginx-conf`: the published files and nginx in front."""

import re
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask.cli import AppGroup

from app.extensions import db
from app.models import Page
from app.publishing import publisher
from app.publishing.files import publish_dir
from app.publishing.nginx import BROTLI_MODULE, Site, site_config

# What nginx reads as one word: no spaces, quotes, semicolons or braces.
_NGINX_WORD = re.compile(r"^[A-Za-z0-9_.:/\[\]-]+$")


def _nginx_words(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    for word in value if isinstance(value, tuple) else [value]:
        if word is not None and not _NGINX_WORD.match(str(word)):
            raise click.BadParameter(f"{str(word)!r} is not one nginx word.")
    return value


publish_cli = AppGroup(
    "publish", help="Publish public pages as files for nginx or a CDN."
)


@publish_cli.command("all")
def publish_all() -> None:
    """Publish every public page now (and clear files of pages gone or hidden)."""
    results = publisher.publish_all()
    written = sum(r.files for r in results)
    pages = f"{len(results)} page{'' if len(results) == 1 else 's'}"
    click.echo(f"Published {written} files of {pages} to {publish_dir()}.")


@publish_cli.command("page")
@click.argument("slug")
def publish_one(slug: str) -> None:
    """Publish the page SLUG now."""
    page_id = db.session.scalar(sa.select(Page.id).where(Page.slug == slug))
    if page_id is None:
        raise click.ClickException(f"No page with slug {slug!r}.")
    result = publisher.publish_page(page_id)
    click.echo(f"Published {result.files} files of {slug}; removed {result.removed}.")


@publish_cli.command("nginx-conf")
@click.option(
    "--listen",
    default="80",
    show_default=True,
    callback=_nginx_words,
    help="nginx's listen value (a port or address:port).",
)
@click.option(
    "--upstream",
    "upstreams",
    multiple=True,
    default=["127.0.0.1:8000"],
    show_default=True,
    callback=_nginx_words,
    help="An app host (host:port); repeat for several.",
)
@click.option(
    "--server-name",
    callback=_nginx_words,
    help="The site's host name [default: BASE_URL's].",
)
@click.option(
    "--publish-dir",
    type=click.Path(path_type=Path),
    callback=_nginx_words,
    help="The published files [default: PUBLISH_DIR].",
)
@click.option(
    "--static-dir",
    type=click.Path(path_type=Path),
    callback=_nginx_words,
    help="Beacon's static/ folder [default: this checkout's].",
)
@click.option(
    "--brotli/--no-brotli",
    default=BROTLI_MODULE.exists(),
    help="Serve the .br files (needs nginx's brotli_static module).",
)
def nginx_conf(
    listen: str,
    upstreams: tuple[str, ...],
    server_name: str | None,
    publish_dir: Path | None,
    static_dir: Path | None,
    brotli: bool,
) -> None:
    """Print the nginx site that serves the published files, falling back to the app."""
    site = Site(listen, upstreams, server_name, publish_dir, static_dir, brotli)
    click.echo(site_config(site), nl=False)
