"""Rule violations: a rule id from DOMAIN.md, a stable code and a Dutch message."""

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


def _(message: str) -> str:
    """Marks a Dutch message for translation; Violation.text() translates it when shown."""
    return message


@dataclass(frozen=True)
class Violation:
    rule_id: str
    code: str
    message: str
    field: str | None = None
    params: dict[str, Any] = dc_field(default_factory=dict)

    def text(self) -> str:
        """The message in the user's language, with its parameters filled in."""
        try:
            from django.utils.translation import gettext

            template = gettext(self.message)
        except Exception:  # noqa: BLE001 - Django absent or not configured: the Dutch source
            template = self.message
        return template % self.params if self.params else template

    def __str__(self) -> str:
        return f"{self.rule_id} {self.code}: {self.text()}"


class RuleViolations(Exception):
    """Raised by a service when rules refuse an action; nothing has been saved."""

    def __init__(self, violations: list[Violation]):
        self.violations = list(violations)
        super().__init__("; ".join(str(v) for v in self.violations))

    def by_field(self) -> dict[str | None, list[str]]:
        result: dict[str | None, list[str]] = {}
        for violation in self.violations:
            result.setdefault(violation.field, []).append(violation.text())
        return result
