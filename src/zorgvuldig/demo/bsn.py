"""Fake burgerservicenummers (BSN) for demo and test data: the one canonical generator.

A BSN has nine digits and passes the 11-test: ``9*d1 + 8*d2 + ... + 2*d8 - d9`` is a multiple of
11. The numbers made here are random and are only ever attached to invented people; the same
generator feeds the demo organisation and the test factories.
"""

from __future__ import annotations

import random

_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def bsn_check_digit(first_eight: str) -> int | None:
    """Return the last digit that makes ``first_eight`` a valid BSN, or None when none does."""
    remainder = sum(w * int(d) for w, d in zip(_WEIGHTS, first_eight, strict=True)) % 11
    return remainder if remainder <= 9 else None


def fake_bsn(rng: random.Random | None = None) -> str:
    """Return a random nine-digit number that passes the 11-test (first digit never 0)."""
    rng = rng or random.Random()
    while True:
        first_eight = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        last = bsn_check_digit(first_eight)
        if last is not None:
            return f"{first_eight}{last}"
