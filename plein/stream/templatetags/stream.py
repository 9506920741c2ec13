"""Template helpers of the stream."""

from __future__ import annotations

from django import template

from plein.stream.forms import new_token as _new_token

register = template.Library()


@register.simple_tag
def new_token() -> str:
    """A fresh one-time token for a comment form, so a double click creates one comment."""
    return _new_token()


@register.filter
def reaction_label(value: str) -> str:
    """The translated name of a reaction kind ("like" -> "Like")."""
    from plein.stream.models import Reaction

    return str(dict(Reaction.choices).get(value, value))
