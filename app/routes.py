"""Every module that adds views to an audience blueprint, imported once.

The blueprints (``app.admin``, ``app.public``, ``app.api``, ``app.api.v1``,
``app.auth``, ``app.feeds``) hold only their guards and shared helpers; each
capability's views attach to them from its own ``admin``, ``public`` and ``api``
modules. Importing this module before the blueprints are registered attaches
every route; a new view module is added to ``VIEW_MODULES``.
"""

from importlib import import_module

VIEW_MODULES = (
    "app.auth.session",
    "app.auth.views",
    "app.api.reference",
    "app.accounts.admin.audit",
    "app.accounts.admin.tokens",
    "app.accounts.admin.users",
    "app.incidents.admin.contacts",
    "app.incidents.admin.dashboard",
    "app.incidents.admin.incidents",
    "app.incidents.admin.record",
    "app.incidents.admin.settings",
    "app.incidents.admin.updates",
    "app.incidents.api.incidents",
    "app.incidents.api.records",
    "app.integrations.admin",
    "app.integrations.api",
    "app.maintenance.admin",
    "app.maintenance.api.views",
    "app.maintenance.public",
    "app.metrics.admin",
    "app.notifications.admin.deliveries",
    "app.notifications.admin.subscribers",
    "app.notifications.admin.webhooks",
    "app.notifications.api",
    "app.notifications.public",
    "app.pages.admin.components",
    "app.pages.admin.groups",
    "app.pages.admin.pages",
    "app.pages.api",
    "app.pages.public.branding",
    "app.pages.public.favicons",
    "app.pages.public.embeds",
    "app.pages.public.feeds",
    "app.pages.public.status",
    "app.reports.admin",
    "app.reviews.admin",
    "app.statuspage.api",
)


def attach_views() -> None:
    """Import every view module (once; later calls find them imported)."""
    for name in VIEW_MODULES:
        import_module(name)
