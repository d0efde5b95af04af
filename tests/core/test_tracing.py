"""Trace ids: a caller's W3C traceparent is accepted and ends up in the processing log."""

from __future__ import annotations

import pytest

from zorgvuldig.core.tracing import parse_traceparent

VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (VALID, "4bf92f3577b34da6a3ce929d0e0e4736"),
        (VALID.upper(), "4bf92f3577b34da6a3ce929d0e0e4736"),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", None),
        ("01-4bf92f3577b34da6a3ce929d0e0e4736", None),
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_traceparent_parsing(header, expected):
    assert parse_traceparent(header) == expected


@pytest.mark.django_db
def test_response_carries_traceparent_with_callers_trace_id(client):
    response = client.get("/", headers={"traceparent": VALID})
    assert response["traceparent"].split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    fresh = client.get("/")
    assert len(fresh["traceparent"].split("-")[1]) == 32
