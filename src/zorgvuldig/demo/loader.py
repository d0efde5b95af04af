"""Load the demo organisation Kwartier into an empty database, once (``zorgvuldig demo``).

:func:`load_demo` writes the register, the staff, the residents and their casework (signals,
trajectories, projects, notes, consents, informing tasks) in one transaction, acting
as the ``demo-loader`` system actor through the same services and processing gate as everyone
else, so the demo's own writes appear in the processing log. The demo teams are the marker:
when they exist, the demo is loaded and a second run adds nothing -- except the demo
authenticator device (``demo.mfa``) for accounts that lack it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from faker import Faker

from zorgvuldig.core.context import SystemActor
from zorgvuldig.demo.casework import casework_load
from zorgvuldig.demo.mfa import demo_totp_devices_ensure
from zorgvuldig.demo.organisation import staff_load, teams_exist
from zorgvuldig.demo.oversight import oversight_load
from zorgvuldig.demo.register import register_load
from zorgvuldig.demo.residents import residents_load
from zorgvuldig.oversight.alerts import run_rules
from zorgvuldig.staff.models import Employee

DEFAULT_SEED = 2026
LOADER_NAME = "demo-loader"
PROGRESS_STEP = 50


@dataclass(frozen=True)
class DemoLoadResult:
    """What one run of the loader did."""

    loaded: bool
    residents: int = 0
    employees: int = 0
    seconds: float = 0.0
    casework: dict[str, int] = field(default_factory=dict)


def _printer(stdout: TextIO | None) -> Callable[[str], None]:
    def say(message: str) -> None:
        if stdout is not None:
            print(message, file=stdout, flush=True)

    return say


def _progress(say: Callable[[str], None], label: str) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        if done % PROGRESS_STEP == 0 or done == total:
            say(f"{label}… {done}/{total}")

    return report


def _summary(casework: dict[str, int]) -> str:
    shown = ["signalen", "hulptrajecten", "projecten", "notities", "toestemmingen", "documenten"]
    return "Casuswerk: " + ", ".join(f"{casework.get(k, 0)} {k}" for k in shown) + "."


def load_demo(*, seed: int = DEFAULT_SEED, stdout: TextIO | None = None) -> DemoLoadResult:
    """Load the demo organisation unless it is there already; report progress to ``stdout``."""
    say = _printer(stdout)
    started = time.monotonic()
    actor = SystemActor(LOADER_NAME)
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    rng = random.Random(seed)
    with transaction.atomic():
        # Inside the transaction: on SQLite it holds the write lock, so two loaders cannot race.
        if teams_exist():
            say("De demo-organisatie is al geladen; er is niets toegevoegd.")
            demo_totp_devices_ensure()  # databases loaded before the second factor existed
            return DemoLoadResult(loaded=False)
        say("Register van verwerkingsactiviteiten vastleggen…")
        activities = register_load(actor=actor)
        say("Teams en medewerkers aanmaken…")
        staff_load(faker=faker)
        demo_totp_devices_ensure()
        residents = residents_load(
            actor=actor,
            activities=activities,
            faker=faker,
            rng=rng,
            progress=_progress(say, "Inwoners aanmaken"),
        )
        casework = casework_load(
            actor=actor,
            activities=activities,
            faker=faker,
            rng=rng,
            say=say,
            progress=lambda label: _progress(say, label),
        )
        say("Noodtoegang en inzage bij een buur vastleggen (voor de signaleringen)…")
        oversight_load(actor=actor)
    say("Verwerkingslog controleren op ongeoorloofde inzage…")
    alerts = run_rules()
    say(f"Signaleringen: {sum(alerts.values())}.")
    say(_summary(casework))
    seconds = time.monotonic() - started
    say(f"Demo-organisatie geladen in {seconds:.1f} s.")
    return DemoLoadResult(
        loaded=True,
        residents=residents,
        employees=Employee.objects.count(),
        seconds=seconds,
        casework=casework,
    )
