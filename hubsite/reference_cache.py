"""An in-process cache of reference lists (regions, kinds, sectors, themes, ...).

Filter forms and pages read the same short lists on every request, and the
lists change only when `manage.py load_reference_data` (or an admin edit)
writes them. A model opts in with `objects = ReferenceQuerySet.as_manager()`.
Only single-table queries with no subquery are cached, so a query whose result
depends on another table (a join, `pk__in=<subquery>`, a prefetch) always runs.

Every write through the ORM in this process clears the cache (signals, and the
queryset's bulk methods). A write by another process shows here after at most
`TTL_SECONDS`.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, Self, TypeVar

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import models, transaction
from django.db.models.query import FlatValuesListIterable, ModelIterable, ValuesListIterable
from django.db.models.signals import post_delete, post_save

# NOTE: a reference row changed by another process (for example a
# load_reference_data run while the web server is up) shows here only after
# this many seconds.
TTL_SECONDS = 60.0
# Lookups by user-supplied values (?province=XX) add entries, so the cache is
# emptied when it reaches this size rather than growing without bound.
MAX_ENTRIES = 512

_CACHEABLE_ITERABLES = (ModelIterable, ValuesListIterable, FlatValuesListIterable)

_lock = threading.Lock()
_entries: dict[tuple[Any, ...], tuple[float, list[Any]]] = {}

_ModelT = TypeVar("_ModelT", bound=models.Model)


def clear() -> None:
    """Empty the cache of this process."""
    with _lock:
        _entries.clear()


def clear_now_and_on_commit() -> None:
    """Empty the cache now, and again once the writing transaction commits.

    The second clear drops rows another request of this process cached between
    the write and the commit.
    """
    clear()
    transaction.on_commit(clear)


def _lookup(key: tuple[Any, ...]) -> list[Any] | None:
    with _lock:
        entry = _entries.get(key)
    if entry is None:
        return None
    stored_at, rows = entry
    if time.monotonic() - stored_at > TTL_SECONDS:
        return None
    return rows


def _store(key: tuple[Any, ...], rows: list[Any]) -> None:
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[key] = (time.monotonic(), rows)


def _copy_rows(rows: list[Any]) -> list[Any]:
    """Copy model instances so that a caller who changes one does not change the cache."""
    return [copy.copy(row) if isinstance(row, models.Model) else row for row in rows]


class ReferenceQuerySet(models.QuerySet[_ModelT]):
    """A queryset whose single-table reads are served from the in-process cache."""

    def _cache_key(self) -> tuple[Any, ...] | None:
        if (
            self._iterable_class not in _CACHEABLE_ITERABLES
            or self._prefetch_related_lookups  # type: ignore[attr-defined]
            or self.query.select_for_update
            or self.query.extra_tables
            or len(self.query.alias_map) > 1
        ):
            return None
        try:
            sql, params = self.query.get_compiler(self.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            # For example `pk__in=[]`, which the normal path answers without a query.
            return None
        # Parameters are kept apart from the SQL text, so a second SELECT can
        # only come from a subquery on some table, whose rows this cache
        # would not see change.
        if sql.upper().count("SELECT") != 1:
            return None
        return (self.db, self.model._meta.label, self._iterable_class, sql, repr(params))

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            key = self._cache_key()
            if key is not None:
                rows = _lookup(key)
                if rows is None:
                    super()._fetch_all()
                    assert self._result_cache is not None
                    _store(key, _copy_rows(self._result_cache))
                    return
                self._result_cache = _copy_rows(rows)
                return
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Iterator[_ModelT]:
        # ModelChoiceField iterates its choices with iterator(), which skips
        # _fetch_all().
        if self._cache_key() is None:
            return super().iterator(chunk_size=chunk_size)
        return iter(self._chain())  # type: ignore[attr-defined]

    # Bulk writes send no model signals, so they clear the cache themselves.

    def update(self, **kwargs: Any) -> int:
        clear_now_and_on_commit()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        clear_now_and_on_commit()
        return super().delete()

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[_ModelT]:
        clear_now_and_on_commit()
        return super().bulk_create(*args, **kwargs)

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        clear_now_and_on_commit()
        return super().bulk_update(*args, **kwargs)


def _clear_on_write(sender: type[models.Model], **kwargs: Any) -> None:
    manager = getattr(sender, "_default_manager", None)
    queryset_class = getattr(manager, "_queryset_class", None)
    if isinstance(queryset_class, type) and issubclass(queryset_class, ReferenceQuerySet):
        clear_now_and_on_commit()


post_save.connect(_clear_on_write, dispatch_uid="reference_cache_post_save")
post_delete.connect(_clear_on_write, dispatch_uid="reference_cache_post_delete")


def attach_reference_lists(instances: Sequence[models.Model], *names: str) -> None:
    """Fill the prefetch cache of the many-to-many fields `names` of `instances` in one query.

    Each field must point to a model whose manager uses ReferenceQuerySet. One
    UNION ALL query reads the link rows of every field, and the linked rows
    come from the cache, where `prefetch_related` would run one query per field.
    Afterwards `instance.<name>.all()` reads no database, as after prefetch_related.
    """
    if not instances or not names:
        return
    model = type(instances[0])
    keys = {instance.pk for instance in instances}
    fields = [model._meta.get_field(name) for name in names]

    link_queries: list[Any] = []
    for position, field in enumerate(fields):
        assert isinstance(field, models.ManyToManyField), field
        through: Any = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        link_queries.append(
            through._default_manager.filter(**{f"{source}__in": keys})
            .annotate(relation=models.Value(position, output_field=models.IntegerField()))
            .values_list("relation", source, target)
            .order_by()
        )
    links = list(link_queries[0].union(*link_queries[1:], all=True))

    linked: dict[tuple[int, Any], set[Any]] = {}
    for position, owner, target_key in links:
        linked.setdefault((position, owner), set()).add(target_key)

    for position, field in enumerate(fields):
        # The cached full list is already in the target model's default ordering.
        related_model: Any = field.related_model
        targets = list(related_model._default_manager.all())
        for instance in instances:
            wanted = linked.get((position, instance.pk), set())
            queryset = getattr(instance, field.name).get_queryset()
            queryset._result_cache = _copy_rows([row for row in targets if row.pk in wanted])
            queryset._prefetch_done = True
            instance.__dict__.setdefault("_prefetched_objects_cache", {})[field.name] = queryset


class ReferenceListsQuerySet(models.QuerySet[_ModelT]):
    """A queryset that can attach many-to-many reference lists with attach_reference_lists."""

    _reference_lists: tuple[str, ...] = ()

    def prefetch_reference_lists(self, *names: str) -> Self:
        """Prefetch the many-to-many reference fields `names` in one query for all fields."""
        clone: Self = self._chain()  # type: ignore[attr-defined]
        clone._reference_lists = (*self._reference_lists, *names)
        return clone

    def _clone(self) -> Self:
        clone: Self = super()._clone()  # type: ignore[misc]
        clone._reference_lists = self._reference_lists
        return clone

    def _fetch_all(self) -> None:
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._reference_lists and self._iterable_class is ModelIterable:
            assert self._result_cache is not None
            attach_reference_lists(self._result_cache, *self._reference_lists)
