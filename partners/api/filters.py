"""The API's organization filters: the directory's, plus the verification status."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from partners.filters import OrganizationFilterSet
from partners.models import VerificationStatus


class OrganizationApiFilterSet(OrganizationFilterSet):
    """The directory's filters and `verification_status`.

    The filter narrows only the rows the requester may see, so it shows
    coordinators every status and everyone else no row they could not see.
    """

    verification_status = django_filters.ChoiceFilter(
        choices=VerificationStatus.choices,
        label=_("Verification status"),
        empty_label=_("Any status"),
    )
