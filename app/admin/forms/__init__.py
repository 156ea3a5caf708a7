"""The admin area's forms, one module per resource."""

from app.accounts.forms import PasswordForm, UserCreateForm, UserEditForm
from app.admin.forms.common import AuditFilterForm, ConfirmForm, MoveForm
from app.incidents.contact_forms import EmergencyContactForm, EscalationContactForm
from app.pages.component_forms import ComponentForm, ComponentStatusForm, GroupForm
from app.pages.forms import PageForm

__all__ = [
    "AuditFilterForm",
    "ComponentForm",
    "ComponentStatusForm",
    "ConfirmForm",
    "EmergencyContactForm",
    "EscalationContactForm",
    "GroupForm",
    "MoveForm",
    "PageForm",
    "PasswordForm",
    "UserCreateForm",
    "UserEditForm",
]
