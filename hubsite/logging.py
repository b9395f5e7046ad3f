"""Request ids on log records, in web requests and in the Celery tasks they queue.

RequestIdMiddleware sets the id of the current request in `request_id_var`.
RequestIdFilter copies it onto every log record. The Celery signal handlers
below send it along in a message header when a request queues a task, and set
it again in the worker while that task runs.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar, Token
from typing import Any

from celery import signals
from django.core.signals import request_finished
from django.dispatch import receiver

# Log records outside any request or task show this id.
NO_REQUEST_ID = "-"
# Celery message header that carries the request id to the worker.
CELERY_HEADER = "hub_request_id"
# A request id taken from the client or a proxy: letters, digits, dashes,
# underscores and dots, 8 to 64 of them, so it cannot forge log lines.
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

# Email addresses, as they may appear in exception messages such as an SMTP
# server's refusal of a recipient.
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
REDACTED_EMAIL = "[email]"

request_id_var: ContextVar[str] = ContextVar("request_id", default=NO_REQUEST_ID)


def make_request_id(candidate: str | None) -> str:
    """Return `candidate` when it is a safe token, a new random id otherwise."""
    if candidate and SAFE_REQUEST_ID.match(candidate):
        return candidate
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Add the current request id to each record as `request_id`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


@receiver(request_finished)
def clear_request_id(**kwargs: Any) -> None:
    """Clear the request id once the response is sent, so later records show none."""
    request_id_var.set(NO_REQUEST_ID)


class RedactEmailFilter(logging.Filter):
    """Replace email addresses in the message and the traceback with "[email]".

    The hub's own log calls name people by id. This catches addresses inside
    the text of exceptions that those calls log.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = EMAIL_ADDRESS.sub(REDACTED_EMAIL, message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info:
            # Formatters print exc_text when exc_info is empty; python-json-logger
            # would format exc_info again, with the addresses.
            record.exc_text = record.exc_text or logging.Formatter().formatException(
                record.exc_info
            )
            record.exc_info = None
        if record.exc_text:
            record.exc_text = EMAIL_ADDRESS.sub(REDACTED_EMAIL, record.exc_text)
        return True


# Tokens to reset the request id when a task ends, by task id. A worker
# process runs one task per thread at a time, so the map stays small.
_task_tokens: dict[str, Token[str]] = {}


@signals.before_task_publish.connect
def add_request_id_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    """Put the current request id into the message of a task being queued."""
    request_id = request_id_var.get()
    if headers is not None and request_id != NO_REQUEST_ID:
        headers[CELERY_HEADER] = request_id


@signals.task_prerun.connect
def set_task_request_id(task_id: str, task: Any, **kwargs: Any) -> None:
    """Set the request id that queued this task (or a new one) while it runs.

    Eagerly run tasks (no REDIS_URL) run inside the request and keep its id.
    """
    if task.request.is_eager:
        return
    header = getattr(task.request, CELERY_HEADER, None)
    _task_tokens[task_id] = request_id_var.set(make_request_id(header))


@signals.task_postrun.connect
def reset_task_request_id(task_id: str, **kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id_var.reset(token)
