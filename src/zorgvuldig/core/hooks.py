"""Extension points through which domain apps add legal-basis rules to the gate (P04, P08).

The gate sits in ``core``, below the apps that hold consent records. Those apps register their
rules here from ``AppConfig.ready`` instead of the gate importing them:

- a *basis filter* narrows the residents reachable under an activity to those for whom its
  legal basis holds (e.g. an active consent record when the ground is consent);
- a *special-category rule* decides which special-category rows may be read or written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# activity -> (sql selecting resident ids, params), or None when the basis holds for everyone.
BasisFilter = Callable[[Any], tuple[str, list] | None]


@dataclass(frozen=True)
class SpecialCategoryRule:
    """How special-category rows are guarded.

    ``read_q(ctx, model)`` returns a Q limiting readable rows; ``write_refusal(ctx, obj)``
    returns a refusal code for a write, or None when it is allowed.
    """

    read_q: Callable[[Any, type], Any]
    write_refusal: Callable[[Any, Any], str | None]


# model -> (sql selecting resident ids whose rows the gate must hide, params), or None.
HiddenFilter = Callable[[type], tuple[str, list] | None]
# (queryset, instances just loaded) -> None; e.g. the vault warming its key cache in one query.
AfterFetch = Callable[[Any, list], None]

_basis_filters: list[BasisFilter] = []
_hidden_filters: list[HiddenFilter] = []
_after_fetch: list[AfterFetch] = []
_special_rule: list[SpecialCategoryRule] = []


def register_basis_filter(fn: BasisFilter) -> None:
    if fn not in _basis_filters:
        _basis_filters.append(fn)


def register_special_category_rule(rule: SpecialCategoryRule) -> None:
    _special_rule[:] = [rule]


def basis_filters(activity: Any) -> list[tuple[str, list]]:
    """Every registered basis filter that applies to ``activity``."""
    return [f for f in (fn(activity) for fn in _basis_filters) if f is not None]


def special_category_rule() -> SpecialCategoryRule | None:
    return _special_rule[0] if _special_rule else None


def register_hidden_filter(fn: HiddenFilter) -> None:
    """Residents whose rows no context may see (the vault's erased residents)."""
    if fn not in _hidden_filters:
        _hidden_filters.append(fn)


def hidden_filters(model: type) -> list[tuple[str, list]]:
    return [f for f in (fn(model) for fn in _hidden_filters) if f is not None]


def register_after_fetch(fn: AfterFetch) -> None:
    if fn not in _after_fetch:
        _after_fetch.append(fn)


def after_fetch(queryset: Any, instances: list) -> None:
    for fn in _after_fetch:
        fn(queryset, instances)
