"""record_event: the event and its deliveries are written with the change, or not at all."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from plein.accounts.actions import create_user
from plein.accounts.models import User
from plein.core import events
from plein.core.events import consumers, record_event, register_consumer, unregister_consumer
from plein.core.models import DeliveryStatus, Event, EventDelivery


class Boom(Exception):
    pass


def _ignore(event: Event) -> None:
    pass


@pytest.fixture
def test_consumers():
    names = {"test_wants_recorded": ["test.recorded"], "test_wants_other": ["test.other"], "test_wants_all": []}
    for name, kinds in names.items():
        register_consumer(name, _ignore, kinds=kinds)
    yield names
    for name in names:
        unregister_consumer(name)


@pytest.mark.django_db
def test_record_event_writes_event_and_one_delivery_per_interested_consumer(test_consumers):
    user = create_user(email="ans@example.org", first_name="Ans", last_name="de Vries")

    with transaction.atomic():
        event = record_event(
            kind="test.recorded", actor=user, subject=user, audience=["org", "user:1", "org"], payload={"n": 1}
        )

    event.refresh_from_db()
    assert (event.kind, event.actor, event.subject_type, event.subject_id) == (
        "test.recorded",
        user,
        "accounts.user",
        str(user.pk),
    )
    assert event.audience == ["org", "user:1"]
    assert event.payload == {"n": 1}
    delivered_to = set(EventDelivery.objects.filter(event=event).values_list("consumer", flat=True))
    assert {"test_wants_recorded", "test_wants_all"} <= delivered_to
    assert "test_wants_other" not in delivered_to
    assert delivered_to == {c.name for c in consumers().values() if c.wants("test.recorded")}
    assert set(EventDelivery.objects.filter(event=event).values_list("status", "attempts")) == {
        (DeliveryStatus.PENDING, 0)
    }


@pytest.mark.django_db
def test_an_action_records_its_event_with_deliveries_for_the_notifications_consumer():
    user = create_user(email="bert@example.org", first_name="Bert", last_name="Jansen")

    event = Event.objects.get(kind="user.created", subject_id=str(user.pk))
    assert event.audience == [f"user:{user.pk}"]
    assert EventDelivery.objects.filter(event=event, consumer="notifications", status=DeliveryStatus.PENDING).exists()


@pytest.mark.django_db
def test_anonymous_actor_is_stored_as_no_actor():
    from django.contrib.auth.models import AnonymousUser

    with transaction.atomic():
        event = record_event(kind="test.anonymous", actor=AnonymousUser())
    assert event.actor_id is None
    assert (event.subject_type, event.subject_id) == ("", "")


@pytest.mark.django_db(transaction=True)
def test_record_event_refuses_to_run_outside_a_transaction(test_consumers):
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        record_event(kind="test.recorded")

    assert not Event.objects.exists()
    assert not EventDelivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_action_leaves_neither_its_write_nor_its_event(test_consumers):
    with pytest.raises(Boom), transaction.atomic():
        create_user(email="cor@example.org", first_name="Cor", last_name="Bakker")
        record_event(kind="test.recorded")
        assert Event.objects.count() == 2  # both were written inside the transaction
        raise Boom

    assert not User.objects.filter(email="cor@example.org").exists()
    assert not Event.objects.exists()
    assert not EventDelivery.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_action_keeps_its_write_and_its_event():
    user = create_user(email="dirk@example.org", first_name="Dirk", last_name="Smit")

    assert Event.objects.filter(kind="user.created", subject_id=str(user.pk)).count() == 1
    assert EventDelivery.objects.filter(event__subject_id=str(user.pk), consumer="notifications").count() == 1


def _register_extra() -> None:
    register_consumer("test_extra", _ignore, kinds=["test.extra"])


@pytest.mark.django_db
def test_extra_consumers_from_settings_are_registered_on_first_use():
    path = f"{__name__}._register_extra"
    try:
        with override_settings(PLEIN_EXTRA_EVENT_CONSUMERS=[path]):
            assert "test_extra" in consumers()
            with transaction.atomic():
                event = record_event(kind="test.extra")
        assert EventDelivery.objects.filter(event=event, consumer="test_extra").exists()
    finally:
        unregister_consumer("test_extra")
        events._extra_loaded.discard(path)


@pytest.mark.django_db
def test_a_wrong_extra_consumer_path_fails_loudly():
    with (
        override_settings(PLEIN_EXTRA_EVENT_CONSUMERS=["tests.core.no_such_module.register"]),
        pytest.raises(ImportError),
    ):
        consumers()
