"""Factories for the foundation models; domain packages add their own beside their tests."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from plein.accounts.models import User, UserKind
from plein.org.models import Department, DepartmentKind, Location
from plein.org.paths import child_path, encode_step
from plein.people.models import Profile

PASSWORD = "correct-horse-battery-staple"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Locatie {n}")
    city = "Zuiderveld"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = DepartmentKind.DEPARTMENT
    parent = None
    path = factory.LazyAttributeSequence(lambda o, n: child_path(o.parent.path, n) if o.parent else encode_step(n))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@zuiderveld.nl")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = "de Vries"
    kind = UserKind.EMPLOYEE
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def with_profile(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Profile.objects.create(user=self, function=kwargs.get("function", "Beleidsadviseur"))
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class GuestFactory(UserFactory):
    kind = UserKind.GUEST
