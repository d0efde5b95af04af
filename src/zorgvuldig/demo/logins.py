"""The demo logins as ``zorgvuldig demo`` prints them: who to log in as, and with what (P09).

Only staff accounts are listed, never residents. The case worker without a confidentiality
declaration is flagged: logging in as them shows the gate refusing all personal data.
"""

from __future__ import annotations

from dataclasses import dataclass

from zorgvuldig.demo.organisation import DEMO_PASSWORD, MAIN_LOGINS, UNDECLARED_USERNAME
from zorgvuldig.staff.models import Employee, Role

ROLE_ORDER = [Role.CASE_WORKER, Role.TEAM_LEAD, Role.PRIVACY_OFFICER, Role.ADMINISTRATOR]
FEATURED = [*MAIN_LOGINS, UNDECLARED_USERNAME]
NO_DECLARATION_NOTE = "geen geheimhoudingsverklaring: de poort weigert persoonsgegevens (P09)"


@dataclass(frozen=True)
class DemoLogin:
    """One demo login."""

    username: str
    role: str
    role_label: str
    team: str
    declared: bool
    main: bool


def _sort_key(login: DemoLogin) -> tuple:
    if login.username in FEATURED:
        return (0, FEATURED.index(login.username), "", "")
    return (1, ROLE_ORDER.index(login.role), login.team, login.username)


def demo_logins() -> list[DemoLogin]:
    """Every employee's login: the main ones first, then by role, team and username."""
    logins = [
        DemoLogin(
            username=employee.user.get_username(),
            role=employee.role,
            role_label=str(employee.get_role_display()),
            team=employee.team.name if employee.team else "",
            declared=employee.has_current_declaration(),
            main=employee.user.get_username() in MAIN_LOGINS,
        )
        for employee in Employee.objects.select_related("user", "team")
    ]
    return sorted(logins, key=_sort_key)


def logins_table(logins: list[DemoLogin], *, password: str = DEMO_PASSWORD) -> list[str]:
    """Return the lines of a plain-text table of ``logins`` (username, role, team, password)."""
    header = ("Gebruikersnaam", "Rol", "Team", "Wachtwoord")
    rows = [(x.username, x.role_label, x.team or "-", password) for x in logins]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    lines = [line(header).rstrip(), line("-" * w for w in widths).rstrip()]
    for login, row in zip(logins, rows, strict=True):
        text = line(row)
        if not login.declared:
            text += f"  ! {NO_DECLARATION_NOTE}"
        lines.append(text.rstrip())
    return lines
