"""Test-only: lift the log's append-only triggers for a database flush, then restore them.

Nothing in the application can switch the triggers off; tests that empty the database (a
transactional test's teardown, a package fixture) go through here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections

from zorgvuldig.audit import triggers


@contextmanager
def suspended(aliases=("default",)) -> Iterator[None]:
    for alias in aliases:
        triggers.drop(connections[alias])
    try:
        yield
    finally:
        for alias in aliases:
            triggers.install(connections[alias])
