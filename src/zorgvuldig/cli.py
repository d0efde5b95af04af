"""The ``zorgvuldig`` command: ``demo``, ``serve`` and Django's management commands.

- ``zorgvuldig demo`` creates or upgrades the embedded SQLite database in the data folder
  (``ZORGVULDIG_DATA_DIR``, default ``./var/``), loads the demo organisation once, prints the
  demo logins and serves the application on 127.0.0.1 with gunicorn.
- ``zorgvuldig serve`` runs the application in production: it first runs Django's system
  checks including the deployment checks (P12) and refuses to start on any error. It does not
  migrate; run ``zorgvuldig manage migrate`` for that.
- ``zorgvuldig audit ...`` seals, signs, exports, verifies and proves the processing log
  (``seal``, ``checkpoint [--export PATH]``, ``verify [--against FILE]``, ``prove``,
  ``public-key``; docs/audit.md). Exit code 1 from ``verify``: the log is not intact.
- ``zorgvuldig keys ...`` makes, shows and rotates the vault's key-encryption key (``generate
  --out PATH``, ``status``, ``rotate``); ``zorgvuldig backup --out DIR`` and ``zorgvuldig
  restore DIR`` back up and restore database and media, re-applying erasures
  (docs/security-operations.md).
- ``zorgvuldig worker`` runs the background loop: sealing, hourly checkpoints, snooping rules.
- ``zorgvuldig demo-code`` prints the current code of the demo's published TOTP secret, the
  second factor of every demo login (``zorgvuldig.demo.mfa``; demo data only).
- ``zorgvuldig manage ...`` runs any Django management command.

Exit codes: 0 success, 2 a problem the user can fix (unsafe settings, busy port, bad option).
Output for people is Dutch; it never contains residents' personal data.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

EXIT_USAGE = 2
DEMO_WORKERS = 2
THREADS_PER_WORKER = 4


class UsageProblem(Exception):
    """Something the user can fix; the message says what (printed without a traceback)."""


def _setup(mode: str) -> None:
    os.environ.setdefault("ZORGVULDIG_MODE", mode)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgvuldig.settings")
    import django

    django.setup()


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- listening address -----------------------------------------------------------------------


def parse_bind(bind: str) -> tuple[str, int | None]:
    """Split ``HOST:PORT`` (``[::1]:8000`` for IPv6); ``unix:/path`` gives (bind, None)."""
    if bind.startswith("unix:"):
        return bind, None
    host, sep, port = bind.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageProblem(
            f"Ongeldig adres '{bind}': gebruik HOST:POORT, bijvoorbeeld 127.0.0.1:8000 "
            "(invalid bind address)."
        )
    return host, int(port)


def port_problem(host: str, port: int) -> str | None:
    """Return why the server could not listen on ``host:port``, or None when it can."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
    except socket.gaierror:
        return f"Onbekend adres '{host}' (unknown host)."
    with socket.socket(family, kind, proto) as probe:
        # The same option gunicorn uses, so the probe fails exactly when gunicorn would.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"Poort {port} op {host} is al in gebruik (port {port} is already in use). "
                    "Stop het andere programma of kies een andere poort, bijvoorbeeld "
                    f"--port {port + 1}."
                )
            return f"Kan niet luisteren op {host}:{port} (cannot listen): {exc.strerror}."
    return None


def _port(value: str) -> int:
    """Argparse type for a TCP port number."""
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise argparse.ArgumentTypeError(f"ongeldige poort '{value}' (1-65535)")
    return int(value)


def _bind(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _url(host: str, port: int, path: str = "/") -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}{path}"


# -- the web server --------------------------------------------------------------------------


def run_server(*, bind: str, workers: int) -> None:
    """Serve ``zorgvuldig.wsgi`` with gunicorn until stopped (Ctrl+C or SIGTERM)."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    class ZorgvuldigServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", [bind])
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", THREADS_PER_WORKER)
            self.cfg.set("proc_name", "zorgvuldig")
            # No access log: request lines can hold search terms (names) and resident ids.
            self.cfg.set("accesslog", None)
            if "control_socket_disable" in self.cfg.settings:
                # Gunicorn >= 24 opens a control socket in the home folder; one per user
                # clashes between a demo and a server, and nothing here uses it.
                self.cfg.set("control_socket_disable", True)

        def load(self):
            from zorgvuldig.wsgi import application

            return application

    # Workers are forked from this process: they must not share its database connections.
    connections.close_all()
    ZorgvuldigServer().run()


# -- zorgvuldig demo -------------------------------------------------------------------------


def _print_logins(*, host: str, port: int, serving: bool) -> None:
    from zorgvuldig.demo.logins import demo_logins, logins_table
    from zorgvuldig.demo.mfa import DEMO_TOTP_SECRET
    from zorgvuldig.demo.organisation import DEMO_PASSWORD

    print()
    if serving:
        print(f"Zorgvuldig (demo) start op {_url(host, port, '/backoffice/')}")
    else:
        print(f"Klaar. Start de server met: zorgvuldig demo --port {port}")
        print(f"en open dan {_url(host, port, '/backoffice/')}")
    print(f"Beheer (Django-admin, voor 'privacy' en 'beheerder'): {_url(host, port, '/admin/')}")
    print()
    print(f"Demo-logins (wachtwoord voor iedereen: {DEMO_PASSWORD}):")
    for line in logins_table(demo_logins()):
        print(f"  {line}")
    print()
    print("Tweede stap (verificatiecode) voor elke demo-login:")
    print(f"  TOTP-geheim (voor een authenticator-app): {DEMO_TOTP_SECRET}")
    print("  of toon de huidige code met: uv run zorgvuldig demo-code")
    print(f"  Passkeys werken op http://localhost:{port}/backoffice/ (niet op een IP-adres).")
    print()


def _demo_vault(data_dir: Path) -> None:
    """Put an old plain-text demo database aside, then check or make the vault's KEK."""
    from django.conf import settings
    from django.db import connection

    from zorgvuldig.vault import setup

    database = Path(settings.DATABASES["default"]["NAME"])
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") and setup.holds_plaintext():
        connection.close()
        aside = database.with_name(f"{database.stem}.voor-versleuteling{database.suffix}")
        for suffix in ("", "-wal", "-shm"):
            old = Path(f"{database}{suffix}")
            if old.exists():
                old.rename(Path(f"{aside}{suffix}"))
        # The witness remembers that database's log; the new database starts a new one.
        witness = Path(settings.AUDIT_WITNESS_FILE) if settings.AUDIT_WITNESS_FILE else None
        if witness is not None and witness.exists():
            witness.rename(witness.with_name(f"{witness.stem}.voor-versleuteling{witness.suffix}"))
        media = Path(settings.MEDIA_ROOT)  # its files are unencrypted: they go aside with it
        if media.exists():
            media.rename(media.with_name(f"{media.name}.voor-versleuteling"))
        print(
            "De demodatabase is van vóór de versleuteling; apart gezet als "
            f"{aside.name}. Een nieuwe wordt gebouwd.",
            flush=True,
        )
    try:
        notice = setup.prepare(allow_create=True)
    except setup.VaultNotReady as exc:
        raise UsageProblem(str(exc)) from exc
    if notice:
        print(notice, flush=True)


def cmd_demo(args: argparse.Namespace) -> int:
    """Create or upgrade the demo database, load the demo once, print logins, serve."""
    serving = not args.no_serve
    if serving and (problem := port_problem(args.host, args.port)):
        raise UsageProblem(problem)
    data_dir = Path(os.environ.setdefault("ZORGVULDIG_DATA_DIR", str(Path.cwd() / "var")))
    data_dir.mkdir(parents=True, exist_ok=True)
    # Passkeys are bound to the origin the browser sees; this is the demo's.
    os.environ.setdefault("ZORGVULDIG_PASSKEY_ORIGINS", f"http://localhost:{args.port}")
    _setup("demo")
    from django.conf import settings
    from django.core.management import call_command

    from zorgvuldig.demo.loader import load_demo

    _demo_vault(data_dir)
    print(f"Database aanmaken of bijwerken in {data_dir.resolve()}…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    # WhiteNoise serves from the app folders here (finders); an existing root keeps it quiet.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    load_demo(stdout=sys.stdout)
    from zorgvuldig.audit import sealing

    made = sealing.seal()
    if made:
        print(f"Verwerkingslog verzegeld: {made[-1].tree_size} regels.", flush=True)
    print(
        f"Ondertekensleutel van het verwerkingslog: {settings.AUDIT_SIGNING_KEY_FILE} "
        "(alleen voor de demo: bewaar hem in productie buiten de database en de back-ups).",
        flush=True,
    )
    _print_logins(host=args.host, port=args.port, serving=serving)
    if serving:
        print("Stoppen: Ctrl+C.", flush=True)
        worker = start_worker_process()
        try:
            run_server(bind=_bind(args.host, args.port), workers=DEMO_WORKERS)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
    return 0


# -- zorgvuldig serve ------------------------------------------------------------------------


def _run_checks() -> list:
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    try:
        found = checks.run_checks(include_deployment_checks=True)
    except ImproperlyConfigured as exc:
        found = [checks.Error(str(exc), id="zorgvuldig.configuration")]
    return [message for message in found if not message.is_silenced()]


def _secret_key_missing() -> bool:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        return not settings.SECRET_KEY
    except ImproperlyConfigured:  # Django will not even hand out an empty SECRET_KEY
        return True


def deploy_check_messages() -> list:
    """Run Django's system checks including the deployment checks; return what they found."""
    from django.conf import settings

    if not _secret_key_missing():
        return _run_checks()
    # Django refuses to read an empty SECRET_KEY, which would stop the checks at the first
    # one that looks. Check with a known-insecure placeholder instead, so every problem is
    # reported at once; zorgvuldig.E001 then names the missing key.
    settings.SECRET_KEY = max(settings.INSECURE_SECRET_KEYS, key=len)
    try:
        return _run_checks()
    finally:
        settings.SECRET_KEY = ""


def _report_checks(messages: list) -> bool:
    """Print the checks' findings; return True when none of them is an error."""
    from django.core.checks import ERROR

    errors = [m for m in messages if m.level >= ERROR]
    for message in messages:
        if message.level < ERROR:
            _err(f"Waarschuwing: {message.msg} ({message.id})")
    if not errors:
        return True
    _err("Zorgvuldig start niet: de instellingen zijn onveilig of onvolledig.")
    _err("Zorgvuldig does not start: the settings are unsafe or incomplete.")
    for message in errors:
        _err(f"  - {message.msg} ({message.id})")
        if message.hint:
            _err(f"    {message.hint}")
    _err("Zie docs/configuration.md voor elke omgevingsvariabele.")
    return False


def _workers(value: str | int) -> int:
    if str(value).isdigit() and int(value) > 0:
        return int(value)
    raise UsageProblem(f"Ongeldig aantal workers '{value}': geef een positief geheel getal op.")


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the settings (refuse on any error), then serve with gunicorn. No migrations."""
    _setup("production")
    from django.conf import settings

    bind = args.bind or settings.SERVE_BIND
    workers = _workers(args.workers or settings.SERVE_WORKERS)
    host, port = parse_bind(bind)
    if not _report_checks(deploy_check_messages()):
        return EXIT_USAGE
    from zorgvuldig.vault import setup

    try:
        setup.prepare(allow_create=False)
    except setup.VaultNotReady as exc:
        raise UsageProblem(str(exc)) from exc
    if port is not None:
        if problem := port_problem(host, port):
            raise UsageProblem(problem)
        bind = _bind(host, port)
    print(f"Zorgvuldig ({settings.MODE}) luistert op {bind} met {workers} workers.", flush=True)
    run_server(bind=bind, workers=workers)
    return 0


# -- zorgvuldig manage -----------------------------------------------------------------------


def cmd_manage(argv: list[str]) -> int:
    """Run a Django management command, e.g. ``zorgvuldig manage migrate``."""
    _setup("development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zorgvuldig manage", *argv])
    return 0


def cmd_audit(argv: list[str]) -> int:
    """``zorgvuldig audit ...``: the processing log's seals (the ``audit`` management command)."""
    _setup("development")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["zorgvuldig", "audit", *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


VAULT_COMMANDS = ("keys", "backup", "restore")


def cmd_vault(name: str, argv: list[str]) -> int:
    """``zorgvuldig keys|backup|restore ...``: the vault's management commands."""
    _setup("development")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["zorgvuldig", name, *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def cmd_demo_code(args: argparse.Namespace) -> int:
    """Print the current code of the demo's published TOTP secret."""
    from zorgvuldig.demo.mfa import demo_totp_code, demo_totp_seconds_left

    print(demo_totp_code())
    print(f"(nog {demo_totp_seconds_left()} seconden geldig; elke code werkt één keer)")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    _setup("development")
    from zorgvuldig.worker import run_forever

    if args.interval <= 0:
        raise UsageProblem("Het interval moet groter dan 0 seconden zijn.")
    try:
        return run_forever(interval=args.interval, once=args.once)
    except KeyboardInterrupt:
        return 0


def start_worker_process() -> subprocess.Popen:
    """The background loop next to the demo server, as a child process."""
    return subprocess.Popen(
        [sys.executable, "-m", "zorgvuldig.cli", "worker"], env=os.environ.copy()
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zorgvuldig", description="Zorgvuldig: privacy by design voor zorg en welzijn."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="demo-organisatie laden en de server starten")
    demo.add_argument("--port", type=_port, default=8000, help="poort (standaard 8000)")
    demo.add_argument("--host", default="127.0.0.1", help="adres (standaard 127.0.0.1)")
    demo.add_argument(
        "--no-serve", action="store_true", help="alles voorbereiden maar de server niet starten"
    )
    demo.set_defaults(func=cmd_demo)
    demo_code = sub.add_parser(
        "demo-code", help="de huidige verificatiecode van de demo-logins tonen"
    )
    demo_code.set_defaults(func=cmd_demo_code)
    serve = sub.add_parser("serve", help="productieserver starten (na controle van instellingen)")
    serve.add_argument("--bind", help="HOST:POORT of unix:/pad (standaard ZORGVULDIG_BIND)")
    serve.add_argument("--workers", help="aantal workers (standaard ZORGVULDIG_WORKERS)")
    serve.set_defaults(func=cmd_serve)
    worker = sub.add_parser("worker", help="achtergrondtaak: log verzegelen en bewaken")
    worker.add_argument("--interval", type=float, default=10.0, help="seconden per ronde")
    worker.add_argument("--once", action="store_true", help="één ronde en dan stoppen")
    worker.set_defaults(func=cmd_worker)
    sub.add_parser("manage", help="een Django-beheeropdracht uitvoeren")
    sub.add_parser("audit", help="verwerkingslog verzegelen, exporteren en controleren")
    sub.add_parser("keys", help="sleutelversleutelsleutel (KEK) maken, tonen en roteren")
    sub.add_parser("backup", help="back-up van database en documenten maken")
    sub.add_parser("restore", help="back-up terugzetten en wissingen opnieuw toepassen")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return cmd_manage(argv[1:])
    if argv and argv[0] == "audit":
        return cmd_audit(argv[1:])
    if argv and argv[0] in VAULT_COMMANDS:
        return cmd_vault(argv[0], argv[1:])
    args = _parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageProblem as problem:
        _err(str(problem))
        return EXIT_USAGE
    except BrokenPipeError:
        # Output piped into e.g. `head` that stopped reading: not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
