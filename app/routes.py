"""Every module that adds views to an audience blueprint, imported once.

The blueprints (``app.admin``, ``app.public``, ``app.api``, ``app.api.v1``,
``app.auth``, ``app.feeds``) hold only their guards and shared helpers; each
capability's views attach to them from the capability's own folder. Importing
this module before the blueprints are registered attaches every route.
"""

from app.accounts import admin_audit, admin_tokens, admin_users  # noqa: F401
from app.api import reference  # noqa: F401
from app.auth import session, views  # noqa: F401
from app.incidents import (  # noqa: F401
    admin,
    admin_contacts,
    admin_dashboard,
    admin_record,
    admin_settings,
    admin_updates,
    api,
    api_records,
)
from app.integrations import admin as integrations_admin  # noqa: F401
from app.integrations import api as integrations_api  # noqa: F401
from app.maintenance import admin as maintenance_admin  # noqa: F401
from app.maintenance import api as maintenance_api  # noqa: F401
from app.maintenance import public as maintenance_public  # noqa: F401
from app.metrics import admin as metrics_admin  # noqa: F401
from app.notifications import admin as notifications_admin  # noqa: F401
from app.notifications import admin_deliveries, admin_webhooks  # noqa: F401
from app.notifications import api as notifications_api  # noqa: F401
from app.notifications import public as notifications_public  # noqa: F401
from app.pages import admin as pages_admin  # noqa: F401
from app.pages import (  # noqa: F401
    admin_components,
    admin_groups,
    branding,
    embeds,
    feed_views,  # noqa: F401
)
from app.pages import api as pages_api  # noqa: F401
from app.pages import public as pages_public  # noqa: F401
from app.reports import admin as reports_admin  # noqa: F401
from app.reviews import admin as reviews_admin  # noqa: F401
from app.statuspage import api as statuspage_api  # noqa: F401
