"""Settings of the floor server: the hub's settings with no app, no middleware and one route.

The floor needs no installed app (it reads the tables with SQL), and
allauth refuses to start without its middleware, so INSTALLED_APPS is empty.
Requests are not wrapped in a transaction either (ATOMIC_REQUESTS off), as
the one query needs none. The database and its connection reuse
(CONN_MAX_AGE) are the portal's, so the two servers differ only in the work
per request.
"""

from hubsite.settings import *  # noqa: F403
from hubsite.settings import DATABASES

INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "bench.floor"
DATABASES["default"]["ATOMIC_REQUESTS"] = False
