"""Template helpers for the account pages, including django-allauth's forms."""

from __future__ import annotations

from django import forms, template
from django.conf import settings

from hubsite.forms import describe_fields

register = template.Library()


@register.simple_tag
def prepare_form(form: forms.BaseForm | None) -> str:
    """Tie help texts and errors to their widgets and drop placeholders, rendering nothing.

    allauth's widgets repeat the label as a placeholder. Every field here has
    a visible label, and a placeholder only looks like a value already typed.
    """
    if form is None:
        return ""
    describe_fields(form)
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)
    return ""


@register.filter
def has_password_field(form: forms.BaseForm | None) -> bool:
    if form is None:
        return False
    return any(isinstance(field.widget, forms.PasswordInput) for field in form.fields.values())


@register.filter
def is_checkbox(bound_field: forms.BoundField) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.simple_tag
def hub_contact_email() -> str:
    """Return the coordinators' address, for pages that allauth renders without our context."""
    return settings.HUB_CONTACT_EMAIL
