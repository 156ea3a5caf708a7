"""The admin area's forms, one module per resource."""

from app.admin.forms.common import AuditFilterForm, ConfirmForm, MoveForm
from app.admin.forms.components import ComponentForm, ComponentStatusForm, GroupForm
from app.admin.forms.contacts import EmergencyContactForm, EscalationContactForm
from app.admin.forms.pages import PageForm
from app.admin.forms.users import PasswordForm, UserCreateForm, UserEditForm

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
