"""The canonical fake-BSN generator: every number passes the 11-test."""

import random

from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from tests import factories
from zorgvuldig.demo.bsn import bsn_check_digit, fake_bsn


@given(st.integers(min_value=0, max_value=2**32))
def test_fake_bsn_passes_the_11_test(seed):
    number = fake_bsn(random.Random(seed))
    assert len(number) == 9
    assert number[0] != "0"
    assert stdnum_bsn.is_valid(number)


@given(st.integers(min_value=10_000_000, max_value=99_999_999).map(str))
def test_check_digit_is_none_exactly_when_no_digit_completes_a_bsn(first_eight):
    digit = bsn_check_digit(first_eight)
    valid = [d for d in range(10) if stdnum_bsn.is_valid(f"{first_eight}{d}")]
    assert valid == ([] if digit is None else [digit])


def test_same_seed_gives_same_numbers():
    assert fake_bsn(random.Random(7)) == fake_bsn(random.Random(7))


def test_factories_use_the_canonical_generator():
    assert factories.fake_bsn is fake_bsn
