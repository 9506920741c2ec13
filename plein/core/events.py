"""The event spine: record domain events in the outbox and hand them to consumers.

An action calls :func:`record_event` inside its own ``transaction.atomic``
block, so the event exists exactly when the change does. For each registered
consumer an :class:`EventDelivery` row is written at the same time. The worker
(:mod:`plein.core.dispatch`) delivers each row at least once; a consumer that
writes only to the database is applied exactly once, because its writes and
the "done" mark share one transaction. Consumers with outside effects must be
idempotent, keyed on the event id.

Consumers register from an app's ``ready()``. Code that is not an installed
app (a plug-in, or a test consumer that a ``plein worker`` subprocess must
know) can be named in the setting ``PLEIN_EXTRA_EVENT_CONSUMERS``: a list of
dotted paths to functions taking no arguments that call
:func:`register_consumer`. They are imported on first use of the registry in
every process (web and worker alike), so the process that records an event
and the process that delivers it agree on who consumes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string

from plein.core.models import Event, EventDelivery

Handler = Callable[[Event], None]


@dataclass(frozen=True)
class Consumer:
    name: str
    handler: Handler
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


_consumers: dict[str, Consumer] = {}
_extra_loaded: set[str] = set()


def _load_extra_consumers() -> None:
    """Call the ``register()`` functions named in ``PLEIN_EXTRA_EVENT_CONSUMERS`` once each.

    A wrong path raises ImportError: a consumer that silently never receives
    events would lose them.
    """
    for path in getattr(settings, "PLEIN_EXTRA_EVENT_CONSUMERS", ()):
        if path not in _extra_loaded:
            import_string(path)()
            _extra_loaded.add(path)


def register_consumer(name: str, handler: Handler, *, kinds: Iterable[str] = ()) -> None:
    """Register a consumer; called from an app's ``ready()``. Re-registering replaces."""
    _consumers[name] = Consumer(name=name, handler=handler, kinds=frozenset(kinds))


def unregister_consumer(name: str) -> None:
    _consumers.pop(name, None)


def consumers() -> dict[str, Consumer]:
    _load_extra_consumers()
    return dict(_consumers)


def audience_user(user_id: int) -> str:
    return f"user:{user_id}"


AUDIENCE_ORG = "org"


@dataclass(frozen=True)
class NewEvent:
    """One event to record with :func:`record_events`."""

    kind: str
    subject_type: str = ""
    subject_id: str = ""
    audience: tuple[str, ...] = ()
    payload: dict[str, Any] = field(default_factory=dict)


def record_events(new_events: Sequence[NewEvent], *, actor: Any = None, batch_size: int = 1000) -> list[Event]:
    """Write many events and their deliveries in bulk. Must run inside the action's transaction.

    For bulk actions such as an HR import: the same rows as one
    :func:`record_event` call per event, in two inserts per batch.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_events() must be called inside transaction.atomic().")
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    events = Event.objects.bulk_create(
        [
            Event(
                kind=new.kind,
                actor=actor_obj,
                subject_type=new.subject_type,
                subject_id=new.subject_id,
                audience=sorted(set(new.audience)),
                payload=new.payload,
            )
            for new in new_events
        ],
        batch_size=batch_size,
    )
    registered = consumers().values()
    EventDelivery.objects.bulk_create(
        [EventDelivery(event=event, consumer=c.name) for event in events for c in registered if c.wants(event.kind)],
        batch_size=batch_size,
    )
    return events


def record_event(
    *,
    kind: str,
    actor: Any = None,
    subject: models.Model | None = None,
    audience: Iterable[str] = (),
    payload: dict[str, Any] | None = None,
) -> Event:
    """Write an event and its deliveries. Must run inside the action's transaction."""
    new = NewEvent(
        kind=kind,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        audience=tuple(audience),
        payload=payload or {},
    )
    try:
        return record_events([new], actor=actor)[0]
    except RuntimeError as error:
        raise RuntimeError("record_event() must be called inside transaction.atomic().") from error
