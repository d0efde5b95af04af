"""The `zorgvuldig` command, run as a real subprocess with a controlled environment.

Subprocesses get a copy of the environment without PYTEST_VERSION (which would put the
settings in test mode) and without any Zorgvuldig or Django settings from outside, and run
in a temporary folder, so the default `./var/` data folder is a fresh one.
"""

from __future__ import annotations

import base64
import os
import selectors
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from zorgvuldig.cli import UsageProblem, parse_bind, port_problem

OUTSIDE_SETTINGS = {
    "PYTEST_VERSION",
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess: ours without settings, plus ``extra``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in OUTSIDE_SETTINGS and not key.startswith("ZORGVULDIG_")
    }
    env.update(extra)
    return env


def zorgvuldig_command() -> list[str]:
    """The installed console script, or the module when it is not installed."""
    script = shutil.which("zorgvuldig", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "zorgvuldig.cli"]


def run_zorgvuldig(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout=180):
    return subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [*zorgvuldig_command(), *args],
        cwd=cwd,
        env=env if env is not None else clean_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_parse_bind():
    assert parse_bind("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_bind("[::1]:8443") == ("::1", 8443)
    assert parse_bind("unix:/run/zorgvuldig.sock") == ("unix:/run/zorgvuldig.sock", None)
    for wrong in ("8000", "localhost", "host:port", ":8000", "127.0.0.1:70000"):
        with pytest.raises(UsageProblem):
            parse_bind(wrong)


def test_port_problem_names_a_busy_port():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert "al in gebruik" in port_problem("127.0.0.1", port)
    assert port_problem("127.0.0.1", free_port()) is None


def test_demo_on_a_busy_port_exits_2_with_a_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_zorgvuldig("demo", "--port", str(port), cwd=tmp_path)
    assert result.returncode == 2
    assert f"Poort {port}" in result.stderr
    assert "already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "var").exists()  # nothing was done


@pytest.mark.slow
def test_manage_runs_django_commands(tmp_path):
    result = run_zorgvuldig("manage", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def _dump(database: Path) -> str:
    with sqlite3.connect(database) as conn:
        return "\n".join(conn.iterdump())


def test_demo_no_serve_creates_the_database_once(tmp_path):
    data_dir = tmp_path / "data"
    env = clean_env(ZORGVULDIG_DATA_DIR=str(data_dir))
    first = run_zorgvuldig("demo", "--no-serve", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "Inwoners aanmaken… 242/242" in first.stdout
    for username in ("hulpverlener", "teamleider", "privacy", "beheerder", "nieuwecollega"):
        assert username in first.stdout
    assert "Kwartier-demo-2026" in first.stdout
    assert "geen geheimhoudingsverklaring" in first.stdout
    assert "http://127.0.0.1:8000/backoffice/" in first.stdout

    database = data_dir / "zorgvuldig.sqlite3"
    assert database.exists()
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        before = conn.execute("SELECT COUNT(*) FROM people_resident").fetchone()[0]
    assert before >= 200

    second = run_zorgvuldig("demo", "--no-serve", cwd=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert "al geladen" in second.stdout
    assert "hulpverlener" in second.stdout
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM people_resident").fetchone()[0] == before

    # P12: a wrong or missing KEK stops the demo before it changes anything.
    kek_file = data_dir / "vault.kek"
    right_kek = kek_file.read_bytes()
    untouched = _dump(database)
    kek_file.write_text(base64.b64encode(os.urandom(32)).decode())
    wrong = run_zorgvuldig("demo", "--no-serve", cwd=tmp_path, env=env)
    assert wrong.returncode == 2
    assert "De kluis kan niet open" in wrong.stderr and "niets gewijzigd" in wrong.stderr
    kek_file.unlink()
    missing = run_zorgvuldig("demo", "--no-serve", cwd=tmp_path, env=env)
    assert missing.returncode == 2
    assert "sleutel" in missing.stderr and "ontbreekt" in missing.stderr
    assert not kek_file.exists()  # no new key made for a database that has keys
    assert _dump(database) == untouched
    assert right_kek not in wrong.stderr.encode() + missing.stderr.encode()


@pytest.mark.slow
def test_demo_defaults_to_the_var_folder_in_the_working_directory(tmp_path):
    result = run_zorgvuldig("demo", "--no-serve", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "zorgvuldig.sqlite3").exists()


def _wait_for_output(process: subprocess.Popen, text: str, timeout: float) -> str:
    """Read the process's output until ``text`` appears; fail after ``timeout`` seconds."""
    seen = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=deadline - time.monotonic()):
                break
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if text in line:
                return "".join(seen)
    raise AssertionError(f"{text!r} did not appear; output:\n{''.join(seen)}")


@pytest.mark.slow
def test_demo_serves_pages_and_static_files(tmp_path):
    port = free_port()
    process = subprocess.Popen(  # noqa: S603  (our own command, fixed arguments)
        [*zorgvuldig_command(), "demo", "--port", str(port)],
        cwd=tmp_path,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    try:
        _wait_for_output(process, "Listening at", timeout=120)
        base = f"http://127.0.0.1:{port}"
        with urllib.request.urlopen(f"{base}/admin/login/", timeout=30) as page:  # noqa: S310
            assert page.status == 200
        with urllib.request.urlopen(f"{base}/static/admin/css/base.css", timeout=30) as css:  # noqa: S310
            assert css.status == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
