"""The background loop (``zorgvuldig worker``): keeps the processing log sealed and watched.

Each round: seal unsealed log records into the Merkle tree and sign a checkpoint per batch
(and at least every ``AUDIT_CHECKPOINT_INTERVAL_SECONDS``), then run the snooping rules
(P14). Rounds are short and idempotent, so several workers or a crash between rounds do no
harm. ``zorgvuldig demo`` starts one next to the web server; in production run it as a
service of its own (docs/audit.md).
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable

DEFAULT_INTERVAL = 10.0


def _alert_rules() -> Callable[[], dict] | None:
    try:
        from zorgvuldig.oversight.alerts import run_rules
    except ImportError:  # the oversight rules are optional in a stripped-down install
        return None
    return run_rules


def run_round(out=sys.stdout) -> None:
    from zorgvuldig.audit import sealing

    made = sealing.run_once()
    if made:
        print(f"Verzegeld tot {made[-1].tree_size} regels ({len(made)} checkpoint(s)).", file=out)
    rules = _alert_rules()
    if rules is not None:
        counts = rules()
        new = sum(counts.values()) if isinstance(counts, dict) else 0
        if new:
            print(f"{new} nieuwe signalering(en) van mogelijk ongeoorloofde inzage.", file=out)
    out.flush()


def run_forever(*, interval: float = DEFAULT_INTERVAL, once: bool = False, out=sys.stdout) -> int:
    from django.db import close_old_connections

    from zorgvuldig.audit.sealing import SealRefused

    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    print(f"Achtergrondtaak gestart (elke {interval:g} s). Stoppen: Ctrl+C.", file=out, flush=True)
    while not stopping:
        try:
            run_round(out)
        except SealRefused as exc:  # the log was cut or rewritten: say so every round
            print(f"ALARM: verzegelen geweigerd: {exc}", file=sys.stderr, flush=True)
        except Exception as exc:  # keep the loop alive; report the kind only (no data)
            print(
                f"Ronde mislukt ({type(exc).__name__}); volgende ronde probeert opnieuw.",
                file=sys.stderr,
                flush=True,
            )
        finally:
            close_old_connections()
        if once:
            break
        deadline = time.monotonic() + interval
        while not stopping and time.monotonic() < deadline:
            time.sleep(min(0.5, interval))
    return 0
