"""Reliable outgoing e-mail (the outbox) and reply by e-mail (``plein mailin``)."""
