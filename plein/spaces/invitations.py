"""Inviting external guests: the invitation e-mail, its single-use link and accepting it.

The link carries a random token; only its SHA-256 is stored. Accepting
creates (or reuses) a guest account that reaches only the invited space.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from plein.accounts.actions import create_user
from plein.accounts.models import User, UserKind
from plein.core.events import audience_user, record_event
from plein.core.selectors import get_site_settings
from plein.spaces import permissions
from plein.spaces.actions import SpaceError, _add, _recount
from plein.spaces.models import Invitation, Membership, Space, SpaceRole

MAX_ACCESS_DAYS = 730


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def clean_guest_email(address: str) -> str:
    """The address, lower-cased, if guests may be invited from it; SpaceError otherwise."""
    email = address.strip().lower()
    try:
        validate_email(email)
    except Exception as error:
        raise SpaceError(_("“%(address)s” is not a valid e-mail address.") % {"address": address.strip()}) from error
    site = get_site_settings()
    domain = email.rsplit("@", 1)[1]
    allowed = site.guest_domains
    if allowed and not any(domain == d or domain.endswith("." + d) for d in allowed):
        raise SpaceError(
            _("Guests can only be invited from these domains: %(domains)s.") % {"domains": ", ".join(allowed)}
        )
    return email


def invite_guest(
    *, actor: User, space: Space, email: str, message: str = "", access_until: datetime | None = None
) -> Invitation:
    """Invite an external person by e-mail; the mail leaves after the transaction commits."""
    site = get_site_settings()
    if not site.guest_invitations_enabled:
        raise SpaceError(_("Inviting external guests is turned off for this organisation."))
    if not permissions.can_invite_guests(actor, space, guests_enabled=True):
        raise PermissionDenied
    address = clean_guest_email(email)
    now = timezone.now()
    until = access_until or now + timedelta(days=site.guest_access_days)
    if until <= now:
        raise SpaceError(_("Choose a date in the future."))
    if until > now + timedelta(days=MAX_ACCESS_DAYS):
        raise SpaceError(_("Guest access can be given for at most two years at a time."))
    existing = User.objects.filter(email__iexact=address).first()
    if existing is not None and existing.kind == UserKind.EMPLOYEE:
        raise SpaceError(_("%(address)s belongs to a colleague: add them by name instead.") % {"address": address})
    if existing is not None and permissions.is_member(existing, space):
        raise SpaceError(_("%(address)s is already a member of this space.") % {"address": address})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # A new invitation replaces any open one for the same address and space.
        Invitation.objects.filter(space=space, email=address, accepted_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=now
        )
        invitation = Invitation.objects.create(
            space=space,
            email=address,
            message=message.strip()[:1000],
            token_hash=hash_token(token),
            invited_by=actor,
            expires_at=now + timedelta(days=site.invitation_valid_days),
            access_until=until,
        )
        record_event(
            kind="space.guest_invited",
            actor=actor,
            subject=invitation,
            audience=[audience_user(actor.pk)],
            payload={"space": space.pk},
        )
        transaction.on_commit(lambda: _send_invitation(invitation, token, site_name=site.name))
    return invitation


def invite_guests(
    *, actor: User, space: Space, emails: list[str], message: str = "", access_until: datetime | None = None
) -> list[Invitation]:
    """Invite several addresses at once: all of them, or (when any has a problem) none.

    Every address is checked, so the SpaceError lists all problems in one go.
    """
    invitations: list[Invitation] = []
    problems: list[str] = []
    with transaction.atomic():
        for email in emails:
            try:
                with transaction.atomic():
                    invitations.append(
                        invite_guest(actor=actor, space=space, email=email, message=message, access_until=access_until)
                    )
            except SpaceError as error:
                problems.extend(error.messages)
        if problems:
            # Raising inside the block rolls every invitation back, and with it every queued e-mail.
            raise SpaceError(list(dict.fromkeys(problems)))
    return invitations


def invitation_url(token: str) -> str:
    return settings.PLEIN_BASE_URL.rstrip("/") + reverse("spaces:invitation", args=[token])


def _send_invitation(invitation: Invitation, token: str, *, site_name: str) -> None:
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "space": invitation.space,
        "inviter": inviter,
        "url": invitation_url(token),
        "site_name": site_name,
    }
    # The guest has no language yet: the organisation's language, with English below it in the text.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(name)s invites you to “%(space)s” on %(site)s") % {
            "name": inviter.display_name if inviter else site_name,
            "space": invitation.space.name,
            "site": site_name,
        }
        text = render_to_string("spaces/email/invitation.txt", context)
        html = render_to_string("spaces/email/invitation.html", context)
    # Replies go to the colleague who invited them, not to the no-reply sender.
    reply_to = [inviter.email] if inviter and inviter.is_active else []
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[invitation.email], reply_to=reply_to)
    mail.attach_alternative(html, "text/html")
    mail.send()


def find_invitation(token: str) -> Invitation | None:
    """The invitation for a link's token, whatever its state; None when the token is unknown."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("space", "invited_by").filter(token_hash=hash_token(token)).first()


def invitation_problem(invitation: Invitation | None) -> str:
    """Why a link cannot be used, as a message for the person holding it; empty when it can."""
    if invitation is None:
        return _("This invitation link is not valid. Check that you copied the whole link from the e-mail.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Log in with the account you made then.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn. Ask the person who invited you for a new one.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    if invitation.space.is_archived:
        return _("This space has been archived, so the invitation can no longer be used.")
    return ""


class AcceptStep(StrEnum):
    """What the person holding a valid link does next, on the accept page."""

    NEW_ACCOUNT = "new_account"  # no account yet (or an ended guest's): name and log-in method, then accept
    ACCEPT = "accept"  # logged in with the invited address: one button
    OTHER_ACCOUNT = "other_account"  # logged in as someone else: log out first
    LOG_IN = "log_in"  # an account exists for the address: log in, then come back


CAN_ACCEPT = (AcceptStep.NEW_ACCOUNT, AcceptStep.ACCEPT)


def account_for(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


def accept_step(user: Any, invitation: Invitation) -> AcceptStep:
    if user.is_authenticated:
        return AcceptStep.ACCEPT if user.email.lower() == invitation.email else AcceptStep.OTHER_ACCOUNT
    account = account_for(invitation)
    if account is not None and (account.is_active or account.kind != UserKind.GUEST):
        return AcceptStep.LOG_IN
    return AcceptStep.NEW_ACCOUNT


def accept_invitation(
    *, invitation: Invitation, user: Any = None, first_name: str = "", last_name: str = "", password: str = ""
) -> Membership:
    """Use an invitation: make the guest account (or use the logged-in one) and add it to the space.

    ``user`` is the person already logged in, whose e-mail address must be the
    invited one. Without it a new guest account is made; an empty password
    means the guest logs in with a one-time code sent by e-mail.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().select_related("space").get(pk=invitation.pk)
        problem = invitation_problem(locked)
        if problem:
            raise SpaceError(problem)
        if user is not None and user.is_authenticated:
            if user.email.lower() != locked.email:
                raise SpaceError(
                    _("This invitation was sent to %(address)s. Log out and open the link again.")
                    % {"address": locked.email}
                )
            guest = user
        else:
            guest = _guest_account(locked.email, first_name=first_name, last_name=last_name, password=password)
        if not guest.is_active:
            guest.is_active = True
            guest.save(update_fields=["is_active"])
        role = SpaceRole.GUEST if guest.kind == UserKind.GUEST else SpaceRole.MEMBER
        expires = locked.access_until if role == SpaceRole.GUEST else None
        membership = _add(locked.space, guest, role=role, invited_by=locked.invited_by, expires_at=expires)
        if not membership.is_current() or membership.role != role:
            membership.role, membership.expires_at = role, expires
            membership.save(update_fields=["role", "expires_at"])
        _recount(locked.space)
        locked.accepted_at, locked.accepted_by = timezone.now(), guest
        locked.save(update_fields=["accepted_at", "accepted_by"])
        record_event(
            kind="space.guest_joined",
            actor=guest,
            subject=locked.space,
            audience=[audience_user(uid) for uid in [locked.invited_by_id] if uid],
            payload={"user": guest.pk, "invitation": locked.pk, "inviter": locked.invited_by_id},
        )
    return membership


def _guest_account(email: str, *, first_name: str, last_name: str, password: str) -> User:
    """A new guest account for ``email``, or the old one brought back (an ended guest's).

    The link came to this address, so the address counts as verified. An empty
    password means the guest logs in with a one-time code sent by e-mail.
    """
    first_name, last_name = first_name.strip()[:150], last_name.strip()[:150]
    guest = User.objects.filter(email__iexact=email).first()
    if guest is None:
        return create_user(
            email=email, first_name=first_name, last_name=last_name, password=password or None, kind=UserKind.GUEST
        )
    if guest.kind != UserKind.GUEST:
        raise SpaceError(_("This address belongs to a colleague's account. Log in instead."))
    if guest.is_active:  # with a password or with log-in codes: they log in, then accept
        raise SpaceError(_("You already have a guest account. Log in first, then open the link again."))
    guest.first_name, guest.last_name, guest.is_active = first_name, last_name, True
    if password:
        guest.set_password(password)
    else:
        guest.set_unusable_password()
    guest.save(update_fields=["first_name", "last_name", "is_active", "password"])
    EmailAddress.objects.update_or_create(user=guest, email=guest.email, defaults={"verified": True, "primary": True})
    return guest


def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    if not permissions.can_moderate(actor, invitation.space) and invitation.invited_by_id != actor.pk:
        raise PermissionDenied
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
