"""Settings of the worker processes that the fault tests start and kill.

The hub's settings, plus an app whose signal handlers slow the jobs down
(tests.hubsite.fault_worker_app), so a test can kill a worker in the middle
of a run, and an email backend that writes every message to files.
"""

from hubsite.settings import *  # noqa: F403
from hubsite.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.hubsite.fault_worker_app.FaultWorkerConfig"]
EMAIL_BACKEND = "tests.hubsite.fault_worker_app.SlowFileEmailBackend"
