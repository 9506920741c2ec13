"""The dispatcher: deliveries are applied once, failures retried with back-off, then given up."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from plein.accounts.actions import create_user
from plein.core.dispatch import deliver_one, deliver_pending
from plein.core.events import record_event, register_consumer, unregister_consumer
from plein.core.models import DeliveryStatus, Event, EventDelivery
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


class ConsumerBroke(Exception):
    pass


@pytest.fixture
def user():
    return create_user(email="eva@example.org", first_name="Eva", last_name="Visser")


@pytest.fixture
def consumer_calls():
    """A good consumer that writes a row, and a bad one that writes a row and then fails."""
    calls: dict[str, list[int]] = {"good": [], "bad": []}

    def good(event: Event) -> None:
        calls["good"].append(event.pk)
        Notification.objects.create(recipient_id=event.payload["recipient"], kind="test.good", event=event)

    def bad(event: Event) -> None:
        calls["bad"].append(event.pk)
        Notification.objects.create(recipient_id=event.payload["recipient"], kind="test.bad", event=event)
        raise ConsumerBroke("the search index is down")

    register_consumer("test_good", good, kinds=["test.dispatch"])
    register_consumer("test_bad", bad, kinds=["test.dispatch"])
    yield calls
    unregister_consumer("test_good")
    unregister_consumer("test_bad")


def _record(user) -> Event:
    with transaction.atomic():
        return record_event(kind="test.dispatch", subject=user, payload={"recipient": user.pk})


def _make_due(delivery: EventDelivery) -> None:
    """Let the back-off pass without waiting for it."""
    EventDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


def test_nothing_due_means_nothing_delivered():
    EventDelivery.objects.filter(status=DeliveryStatus.PENDING).update(status=DeliveryStatus.DONE)
    assert deliver_one() is False
    assert deliver_pending() == 0


def test_delivers_to_each_consumer_and_marks_done(user, consumer_calls):
    event = _record(user)
    unregister_consumer("test_bad")

    deliver_pending()

    good = EventDelivery.objects.get(event=event, consumer="test_good")
    assert good.status == DeliveryStatus.DONE
    assert good.attempts == 1
    assert good.delivered_at is not None
    assert good.last_error == ""
    assert consumer_calls["good"] == [event.pk]
    assert Notification.objects.filter(event=event, kind="test.good").count() == 1


def test_a_failing_consumer_is_retried_with_back_off_and_leaves_no_partial_writes(user, consumer_calls, caplog):
    event = _record(user)
    before = timezone.now()

    with caplog.at_level(logging.ERROR, logger="plein.events"):
        deliver_pending()

    bad = EventDelivery.objects.get(event=event, consumer="test_bad")
    assert bad.status == DeliveryStatus.PENDING
    assert bad.attempts == 1
    assert bad.last_error == "ConsumerBroke: the search index is down"
    assert bad.next_attempt_at >= before + timedelta(seconds=2)
    assert "Consumer test_bad failed" in caplog.text
    # The row the bad consumer wrote before failing was rolled back with it.
    assert not Notification.objects.filter(kind="test.bad").exists()
    # The good consumer of the same event is not affected.
    assert EventDelivery.objects.get(event=event, consumer="test_good").status == DeliveryStatus.DONE
    assert Notification.objects.filter(event=event, kind="test.good").count() == 1

    # Not due yet: running the dispatcher again does not call the bad consumer.
    assert deliver_pending() == 0
    assert consumer_calls["bad"] == [event.pk]

    # Once due it is retried, and the next wait is longer.
    first_wait = bad.next_attempt_at - before
    _make_due(bad)
    retried_at = timezone.now()
    deliver_pending()
    bad.refresh_from_db()
    assert bad.attempts == 2
    assert bad.status == DeliveryStatus.PENDING
    assert bad.next_attempt_at - retried_at > first_wait
    assert consumer_calls["bad"] == [event.pk, event.pk]
    assert consumer_calls["good"] == [event.pk]


@override_settings(PLEIN_EVENT_MAX_ATTEMPTS=3)
def test_a_consumer_that_keeps_failing_is_given_up_after_max_attempts(user, consumer_calls):
    event = _record(user)
    bad = EventDelivery.objects.get(event=event, consumer="test_bad")

    for expected_attempts in (1, 2):
        deliver_pending()
        bad.refresh_from_db()
        assert (bad.status, bad.attempts) == (DeliveryStatus.PENDING, expected_attempts)
        _make_due(bad)
    deliver_pending()

    bad.refresh_from_db()
    assert bad.status == DeliveryStatus.FAILED
    assert bad.attempts == 3
    assert bad.last_error == "ConsumerBroke: the search index is down"
    assert bad.delivered_at is None
    assert not Notification.objects.filter(kind="test.bad").exists()
    # Given up means never picked again, even when "due".
    _make_due(bad)
    assert deliver_pending() == 0
    assert len(consumer_calls["bad"]) == 3


def test_a_consumer_that_recovers_is_delivered_on_retry(user):
    outage = {"down": True}

    def flaky(event: Event) -> None:
        Notification.objects.create(recipient_id=event.payload["recipient"], kind="test.flaky", event=event)
        if outage["down"]:
            raise ConsumerBroke("not yet")

    register_consumer("test_flaky", flaky, kinds=["test.dispatch"])
    try:
        event = _record(user)
        deliver_pending()
        delivery = EventDelivery.objects.get(event=event, consumer="test_flaky")
        assert delivery.status == DeliveryStatus.PENDING

        outage["down"] = False
        _make_due(delivery)
        deliver_pending()
    finally:
        unregister_consumer("test_flaky")

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.DONE, 2, "")
    assert Notification.objects.filter(event=event, kind="test.flaky").count() == 1


def test_a_delivery_for_an_unknown_consumer_waits_for_a_worker_that_knows_it(user, settings):
    register_consumer("test_gone", lambda event: None, kinds=["test.dispatch"])
    event = _record(user)
    unregister_consumer("test_gone")  # e.g. an older worker during a rolling deploy

    deliver_pending()

    delivery = EventDelivery.objects.get(event=event, consumer="test_gone")
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now()
    assert "No consumer named 'test_gone'" in delivery.last_error

    settings.PLEIN_EVENT_MAX_ATTEMPTS = 2
    EventDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    deliver_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED


def test_failed_deliveries_can_be_retried_by_an_admin(user, admin_client):
    calls: list[int] = []
    register_consumer("test_retry", lambda event: calls.append(event.pk), kinds=["test.dispatch"])
    try:
        event = _record(user)
        delivery = EventDelivery.objects.get(event=event, consumer="test_retry")
        EventDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, attempts=16)
        response = admin_client.post(
            "/beheer/core/eventdelivery/", {"action": "retry", "_selected_action": [delivery.pk]}
        )
        assert response.status_code == 302
        deliver_pending()
    finally:
        unregister_consumer("test_retry")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DONE, 1)
    assert calls == [event.pk]


def test_deliveries_are_handed_out_oldest_first(user):
    EventDelivery.objects.filter(status=DeliveryStatus.PENDING).update(status=DeliveryStatus.DONE)
    seen: list[int] = []
    register_consumer("test_order", lambda event: seen.append(event.pk), kinds=["test.dispatch"])
    try:
        events = [_record(user) for _ in range(3)]
        assert deliver_pending(limit=2) == 2
        assert seen == [e.pk for e in events[:2]]
        deliver_pending()
    finally:
        unregister_consumer("test_order")
    assert seen == [e.pk for e in events]


def test_welcome_notification_is_created_once_even_when_the_delivery_is_repeated():
    person = create_user(email="fenna@example.org", first_name="Fenna", last_name="Mulder")
    event = Event.objects.get(kind="user.created", subject_id=str(person.pk))
    delivery = EventDelivery.objects.get(event=event, consumer="notifications")

    deliver_pending()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DONE
    assert Notification.objects.filter(recipient=person, kind="welcome", event=event).count() == 1

    # At-least-once delivery: the same delivery may run again (e.g. the worker
    # died after the consumer's effects but before the transaction committed on
    # a consumer with its own connection, or an operator re-queued it).
    EventDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING, next_attempt_at=timezone.now())
    deliver_pending()

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DONE
    assert delivery.attempts == 2
    assert Notification.objects.filter(recipient=person, kind="welcome").count() == 1
    # The repeat did not announce a second notification either.
    assert Event.objects.filter(kind="notification.created", subject_id__in=_notification_ids(person)).count() == 1


def _notification_ids(person) -> list[str]:
    return [str(pk) for pk in Notification.objects.filter(recipient=person).values_list("pk", flat=True)]


def test_guests_get_no_welcome_notification():
    from plein.accounts.models import UserKind

    guest = create_user(email="gast@example.org", first_name="Gast", last_name="Extern", kind=UserKind.GUEST)
    deliver_pending()
    assert not Notification.objects.filter(recipient=guest).exists()
    assert EventDelivery.objects.get(event__subject_id=str(guest.pk), consumer="notifications").status == "done"
