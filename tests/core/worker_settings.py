"""Settings for a ``plein worker`` subprocess that must send real mail.

The suite's settings deliver mail to Django's in-memory outbox, which a test
cannot see in another process; this module lets a test point the worker at
its own SMTP server through ``PLEIN_TEST_EMAIL_DELIVERY_BACKEND`` (and the
usual ``EMAIL_HOST``/``EMAIL_PORT``).
"""

import os

from tests.settings import *  # noqa: F403
from tests.settings import PLEIN_EMAIL_DELIVERY_BACKEND as _SUITE_DELIVERY_BACKEND

PLEIN_EMAIL_DELIVERY_BACKEND = os.environ.get("PLEIN_TEST_EMAIL_DELIVERY_BACKEND", _SUITE_DELIVERY_BACKEND)
