"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms


def describe_fields(form: forms.BaseForm) -> None:
    """Tie each widget to its help text and error message, and mark invalid ones.

    Screen readers read the elements named in aria-describedby when the field
    gets focus, so a person hears why a value was refused where they fix it.
    """
    errors = form.errors if form.is_bound else {}
    for name, field in form.fields.items():
        bound = form[name]
        described_by = []
        if field.help_text:
            described_by.append(f"{bound.id_for_label}-help")
        if name in errors:
            described_by.append(f"{bound.id_for_label}-error")
            field.widget.attrs["aria-invalid"] = "true"
        if described_by:
            field.widget.attrs["aria-describedby"] = " ".join(described_by)
