"""The ``zorgvuldig`` command: demo, serve, and Django's management commands."""

from __future__ import annotations

import argparse
import os
import sys


def _setup(mode: str) -> None:
    os.environ.setdefault("ZORGVULDIG_MODE", mode)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgvuldig.settings")
    import django

    django.setup()


def cmd_manage(argv: list[str]) -> int:
    _setup("development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["zorgvuldig manage", *argv])
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return cmd_manage(argv[1:])
    parser = argparse.ArgumentParser(prog="zorgvuldig")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("manage", help="run a Django management command")
    args = parser.parse_args(argv)
    return 0 if args.command else 1


if __name__ == "__main__":
    sys.exit(main())
