from django.apps import AppConfig


class HubsiteConfig(AppConfig):
    name = "hubsite"
    verbose_name = "Hub site"

    def ready(self) -> None:
        # Connects the request-id signal handlers of Django and Celery.
        # Connects the signal handlers that invalidate cached pages, in web
        # and Celery processes alike.
        from hubsite import (
            logging,  # noqa: F401
            page_cache,  # noqa: F401
        )
