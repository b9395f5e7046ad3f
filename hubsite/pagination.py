"""Page-number pagination shared by every API list."""

from rest_framework.pagination import PageNumberPagination


class HubPageNumberPagination(PageNumberPagination):
    """Pages of `page_size` rows (20 by default, at most 100)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
