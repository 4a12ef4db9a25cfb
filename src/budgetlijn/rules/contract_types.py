"""Contract types as data (R17, R24): which contracts a PVB, PAB or convenant can pay.

The catalogue lives in ``contract_types.yaml`` next to this module: the contract types of seed
001 step 3 (PVB), seed 003 §3.3.1-3.3.15 and seed 002 (PAB) and seed 000 (convenant), the cost
kinds of seed 003 §7.4 (R24), the provider kinds, the support functions (R16, R8) and the uses a
PAB can never pay (R6). Adding a type is adding an entry to that file, never a class.

The loader is strict, like the parameter loader: an unknown key, a missing key, a value of the
wrong kind, a code that is not defined in the file, flags that contradict each other or a
duplicate key raise ``ContractTypeFileError`` naming the file and the entry. The file is read
lazily, once, and kept; ``reload()`` reads it again (or another file, for tests).

Nothing here imports Django: messages are Dutch source strings marked with ``_``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from budgetlijn.rules import parameters
from budgetlijn.rules.violations import _

__all__ = [
    "BUDGET_KINDS",
    "COUNTERPARTY_KINDS",
    "COUNTERS",
    "DEFAULT_FILE",
    "PAYMENT_MODES",
    "REQUIRABLE_FIELDS",
    "Catalogue",
    "ContractType",
    "ContractTypeFileError",
    "CostKind",
    "NonPayableCostKind",
    "SupportFunction",
    "UnknownContractType",
    "catalogue",
    "contract_type",
    "contract_types",
    "cost_kind",
    "cost_kind_label",
    "cost_kinds",
    "excluded_use_label",
    "excluded_uses",
    "load_file",
    "non_payable_cost_kinds",
    "provider_kind_label",
    "provider_kinds",
    "reload",
    "support_function",
    "support_functions",
    "via4_eligible",
]

DEFAULT_FILE = Path(__file__).resolve().parent / "contract_types.yaml"

PVB, PAB, CONVENANT = "PVB", "PAB", "CONVENANT"
BUDGET_KINDS = frozenset({PVB, PAB, CONVENANT})
CASH, VOUCHER = "CASH", "VOUCHER"
PAYMENT_MODES = frozenset({CASH, VOUCHER})
PERSON, ENTERPRISE = "PERSON", "ENTERPRISE"
COUNTERPARTY_KINDS = frozenset({PERSON, ENTERPRISE})
# Counters of short-term support (R21): days of day support, nights of residential support or a
# short stay, and mobile, ambulant or group sessions.
COUNTERS = ("DAYS", "NIGHTS", "MOBILE", "AMBULANT", "GROUP")

# Every field of contracts.ContractFacts (a test keeps the two in step).
# The fields a contract type may list in ``required_fields``: those a caller can leave empty.
REQUIRABLE_FIELDS = frozenset(
    {
        "start_date",
        "end_date",
        "notice_terms",
        "task_description",
        "weekly_hours",
        "hourly_cost",
        "payment_terms",
        "holder_signed_on",
        "counterparty_signed_on",
        "holder_enterprise_number",
        "wijk_werk_registered_on",
        "provider_declaration_on",
        "support_function",
    }
)

CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
PARAMETER_NAME_PATTERN = parameters.NAME_PATTERN

SECTIONS = ("provider_kinds", "cost_kinds", "support_functions", "excluded_uses", "contract_types")
OPTIONAL_SECTIONS = ("non_payable_cost_kinds",)
SIMPLE_KEYS = frozenset({"label", "reference"})
COST_KIND_KEYS = frozenset({"label", "via4", "reference"})
COST_KIND_OPTIONAL_KEYS = frozenset({"other_costs", "needs_contract"})
NON_PAYABLE_KEYS = frozenset({"rule", "label", "reference"})
NON_PAYABLE_OPTIONAL_KEYS = frozenset({"budget_kinds"})
# The rules a never-payable cost kind can name (seed 003 §4.2, §3.3.6 and §7.4.6, §4.4).
NON_PAYABLE_RULES = frozenset({"R32", "R23", "R6"})
SUPPORT_FUNCTION_KEYS = frozenset({"label", "group", "reference"})
TYPE_SET_KEYS = (
    "budget_kinds",
    "payment_modes",
    "counterparty_kinds",
    "provider_kinds",
    "required_fields",
    "cost_kinds",
)
TYPE_FLAG_KEYS = (
    "direct_employment",
    "minimum_wage",
    "via4",
    "year_end_premium",
    "family",
    "family_allowed",
    "volunteer",
    "wijk_werk",
    "service_vouchers",
    "requires_provider_declaration",
    "licensed_provider_only",
)
TYPE_REQUIRED_KEYS = (
    "label",
    *TYPE_SET_KEYS,
    *TYPE_FLAG_KEYS,
    "short_term_counters",
    "reference",
)
TYPE_OPTIONAL_KEYS = ("via4_parameter", "support_function_group")
TYPE_KEYS = frozenset((*TYPE_REQUIRED_KEYS, *TYPE_OPTIONAL_KEYS))
# Sets that may be empty; the others need at least one code.
MAY_BE_EMPTY = frozenset({"required_fields", "short_term_counters"})
LICENSED_KINDS = frozenset({"LICENSED", "MFC"})


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractType:
    """One kind of contract a budget can pay, as the seeds describe it."""

    code: str
    label: str
    budget_kinds: frozenset[str]
    payment_modes: frozenset[str]
    counterparty_kinds: frozenset[str]
    provider_kinds: frozenset[str]
    required_fields: frozenset[str]
    cost_kinds: frozenset[str]
    direct_employment: bool
    minimum_wage: bool
    via4: bool
    year_end_premium: bool
    short_term_counters: tuple[str, ...]
    family: bool
    family_allowed: bool
    volunteer: bool
    wijk_werk: bool
    service_vouchers: bool
    requires_provider_declaration: bool
    licensed_provider_only: bool
    reference: str
    via4_parameter: str | None = None
    support_function_group: str | None = None

    @property
    def short_term_counter(self) -> str | None:
        """The type's default short-term counter (the first listed), None if not short-term."""
        return self.short_term_counters[0] if self.short_term_counters else None

    @property
    def is_short_term(self) -> bool:
        return bool(self.short_term_counters)


@dataclass(frozen=True)
class CostKind:
    code: str
    label: str
    via4: bool  # eligible for VIA4 (seed 003 §5.1) when the contract type is
    reference: str
    other_costs: bool = False  # counts in the PAB's 5 % of other costs (R29)
    needs_contract: bool = True  # False: filed without a contract (the free share)


@dataclass(frozen=True)
class NonPayableCostKind:
    """A cost a line may name but that is never paid: R32, R23 or R6."""

    code: str
    rule: str
    label: str
    reference: str
    budget_kinds: frozenset[str] = BUDGET_KINDS  # the budgets the rule concerns


@dataclass(frozen=True)
class SupportFunction:
    code: str
    label: str
    group: str  # PVB (R16), CONVENANT or CONVENANT_AS_PAB (R8)
    reference: str


@dataclass(frozen=True)
class Catalogue:
    """Everything read from one contract types file."""

    file: str
    types: dict[str, ContractType]
    cost_kinds: dict[str, CostKind]
    provider_kinds: dict[str, str]  # code -> Dutch label
    support_functions: dict[str, SupportFunction]
    excluded_uses: dict[str, str]  # code -> Dutch label
    non_payable: dict[str, NonPayableCostKind] = field(default_factory=dict)


# --- errors ---------------------------------------------------------------------------------


class ContractTypeFileError(ValueError):
    """The contract types file is not valid; the message names the file and the entry."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        params: dict[str, Any] | None = None,
        entry: str | None = None,
    ):
        self.file = str(file)
        self.entry = entry
        self.problem = problem
        self.params = dict(params or {})
        text = parameters.translate(problem, self.params)
        if entry:
            prefix = parameters.translate(
                _("Bestand met overeenkomsttypes %(file)s, %(entry)s"),
                {"file": self.file, "entry": entry},
            )
        else:
            prefix = parameters.translate(
                _("Bestand met overeenkomsttypes %(file)s"), {"file": self.file}
            )
        super().__init__(f"{prefix}: {text}")


class UnknownContractType(KeyError):
    """No contract type with that code (a typo, or a type that was removed)."""

    message = _(
        "Het overeenkomsttype %(code)s bestaat niet. Kies een type uit de lijst van "
        "overeenkomsten voor dit budget."
    )

    def __init__(self, code: str):
        self.code = code
        self.params = {"code": code}
        super().__init__(parameters.translate(self.message, self.params))

    def __str__(self) -> str:  # KeyError would show the repr of the argument
        return str(self.args[0])

    def __reduce__(self):
        return (self.__class__, (self.code,))


# --- strict loading -------------------------------------------------------------------------


def _read(path: Path) -> Any:
    """Read the YAML strictly (duplicate keys and merge keys refused) with the parameter
    module's loader, reporting problems as ContractTypeFileError."""
    try:
        return parameters.read_yaml(path)
    except parameters.ParameterFileError as exc:
        raise ContractTypeFileError(path, exc.problem, exc.params, exc.parameter) from exc


def _mapping(file: Path, value: Any, where: str, entry: str | None) -> dict:
    if not isinstance(value, dict):
        raise ContractTypeFileError(
            file, _("%(where)s moet een mapping (sleutel: waarde) zijn."), {"where": where}, entry
        )
    return value


def _check_keys(
    file: Path,
    body: Any,
    allowed: Iterable[str],
    required: Iterable[str],
    entry: str | None,
    where: str,
) -> dict:
    problem = parameters.key_problem(body, allowed, required, where)
    if problem is not None:
        raise ContractTypeFileError(file, *problem, entry)
    return body


def _text(file: Path, value: Any, key: str, entry: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContractTypeFileError(
            file, _("'%(key)s' moet een niet-lege tekst zijn."), {"key": key}, entry
        )
    return value.strip()


def _flag(file: Path, value: Any, key: str, entry: str) -> bool:
    if not isinstance(value, bool):
        raise ContractTypeFileError(
            file,
            _("'%(key)s' moet true of false zijn, niet '%(value)s'."),
            {"key": key, "value": value},
            entry,
        )
    return value


def _code(file: Path, value: Any, entry: str | None, where: str) -> str:
    if not isinstance(value, str) or not CODE_PATTERN.match(value):
        raise ContractTypeFileError(
            file,
            _(
                "%(where)s: '%(value)s' is geen geldige code; schrijf hoofdletters, cijfers en "
                "_, bv. PAB_EMPLOYMENT."
            ),
            {"where": where, "value": value},
            entry,
        )
    return value


def _codes(
    file: Path,
    value: Any,
    key: str,
    entry: str,
    known: Iterable[str],
    *,
    may_be_empty: bool,
) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ContractTypeFileError(
            file, _("'%(key)s' moet een lijst zijn, bv. [PAB]."), {"key": key}, entry
        )
    if not value and not may_be_empty:
        raise ContractTypeFileError(
            file, _("'%(key)s' moet minstens één waarde bevatten."), {"key": key}, entry
        )
    known = frozenset(known)
    seen: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in known:
            raise ContractTypeFileError(
                file,
                _("'%(key)s': '%(value)s' is onbekend; toegestaan zijn: %(allowed)s."),
                {"key": key, "value": item, "allowed": ", ".join(sorted(known))},
                entry,
            )
        if item in seen:
            raise ContractTypeFileError(
                file,
                _("'%(key)s': '%(value)s' staat er twee keer in; laat er één over."),
                {"key": key, "value": item},
                entry,
            )
        seen.append(item)
    return tuple(seen)


def _labelled_section(
    file: Path, body: Any, section: str, keys: frozenset[str]
) -> dict[str, dict[str, Any]]:
    body = _mapping(file, body, f"'{section}'", None)
    if not body:
        raise ContractTypeFileError(
            file, _("'%(section)s' mag niet leeg zijn."), {"section": section}
        )
    result: dict[str, dict[str, Any]] = {}
    for code, item in body.items():
        entry = f"{section}.{code}"
        _code(file, code, None, f"'{section}'")
        item = _check_keys(file, item, keys, sorted(keys), entry, "de definitie")
        result[code] = {
            "label": _text(file, item["label"], "label", entry),
            "reference": _text(file, item["reference"], "reference", entry),
            **{key: item[key] for key in keys - SIMPLE_KEYS},
        }
    return result


def _parse_type(
    file: Path,
    code: Any,
    body: Any,
    *,
    cost_kind_codes: frozenset[str],
    provider_kind_codes: frozenset[str],
    support_groups: frozenset[str],
) -> ContractType:
    entry = f"contract_types.{code}"
    _code(file, code, None, "'contract_types'")
    body = _check_keys(file, body, TYPE_KEYS, TYPE_REQUIRED_KEYS, entry, "het overeenkomsttype")
    known = {
        "budget_kinds": BUDGET_KINDS,
        "payment_modes": PAYMENT_MODES,
        "counterparty_kinds": COUNTERPARTY_KINDS,
        "provider_kinds": provider_kind_codes,
        "required_fields": REQUIRABLE_FIELDS,
        "cost_kinds": cost_kind_codes,
    }
    sets = {
        key: frozenset(
            _codes(file, body[key], key, entry, known[key], may_be_empty=key in MAY_BE_EMPTY)
        )
        for key in TYPE_SET_KEYS
    }
    flags = {key: _flag(file, body[key], key, entry) for key in TYPE_FLAG_KEYS}
    counters = _codes(
        file, body["short_term_counters"], "short_term_counters", entry, COUNTERS, may_be_empty=True
    )
    via4_parameter = body.get("via4_parameter")
    if via4_parameter is not None and (
        not isinstance(via4_parameter, str) or not PARAMETER_NAME_PATTERN.match(via4_parameter)
    ):
        raise ContractTypeFileError(
            file,
            _("'via4_parameter' moet de naam van een parameter zijn, bv. contracts.via4.x."),
            None,
            entry,
        )
    group = body.get("support_function_group")
    if group is not None and group not in support_groups:
        raise ContractTypeFileError(
            file,
            _("'support_function_group': '%(value)s' is onbekend; toegestaan zijn: %(allowed)s."),
            {"value": group, "allowed": ", ".join(sorted(support_groups))},
            entry,
        )
    contract = ContractType(
        code=code,
        label=_text(file, body["label"], "label", entry),
        reference=_text(file, body["reference"], "reference", entry),
        short_term_counters=counters,
        via4_parameter=via4_parameter,
        support_function_group=group,
        **sets,
        **flags,
    )
    _check_consistency(file, contract, entry)
    return contract


def _contradiction(file: Path, entry: str, problem: str) -> ContractTypeFileError:
    return ContractTypeFileError(file, problem, None, entry)


def _check_consistency(file: Path, t: ContractType, entry: str) -> None:
    """Flags that cannot go together: the file contradicts itself."""
    if (t.wijk_werk or t.service_vouchers) and t.family_allowed:
        raise _contradiction(
            file,
            entry,
            _(
                "wijk-werk en dienstencheques kunnen niet voor familieleden of gezinsleden: zet "
                "family_allowed op false (R20)."
            ),
        )
    if t.family and not t.family_allowed:
        raise _contradiction(
            file, entry, _("een overeenkomst met een familielid moet family_allowed true hebben.")
        )
    if t.volunteer and (
        t.provider_kinds != {"VOLUNTEER_ORGANISATION"} or t.counterparty_kinds != {ENTERPRISE}
    ):
        raise _contradiction(
            file,
            entry,
            _(
                "vrijwilligers kunnen alleen via een vrijwilligersorganisatie: provider_kinds "
                "[VOLUNTEER_ORGANISATION] en counterparty_kinds [ENTERPRISE] (R20)."
            ),
        )
    if t.year_end_premium and not t.direct_employment:
        raise _contradiction(
            file,
            entry,
            _("de eindejaarspremie hoort alleen bij een arbeidsovereenkomst (direct_employment)."),
        )
    if t.via4 and not (t.direct_employment or t.family):
        raise _contradiction(
            file,
            entry,
            _(
                "VIA 4 geldt alleen voor een arbeidsovereenkomst of een overeenkomst met een "
                "familielid (seed 003 §5.1, §7.3.3)."
            ),
        )
    if t.via4_parameter and not t.via4:
        raise _contradiction(file, entry, _("'via4_parameter' heeft alleen zin als via4 true is."))
    if t.licensed_provider_only and not t.provider_kinds <= LICENSED_KINDS:
        raise _contradiction(
            file,
            entry,
            _("licensed_provider_only laat alleen LICENSED en MFC toe in provider_kinds."),
        )
    if t.requires_provider_declaration and "provider_declaration_on" not in t.required_fields:
        raise _contradiction(
            file,
            entry,
            _("requires_provider_declaration vraagt provider_declaration_on in required_fields."),
        )
    if t.wijk_werk and t.provider_kinds != {"WIJK_WERK_ORGANISER"}:
        raise _contradiction(
            file, entry, _("wijk-werk kan alleen met een organisator voor wijk-werken.")
        )
    if t.service_vouchers and t.provider_kinds != {"SERVICE_VOUCHER_COMPANY"}:
        raise _contradiction(
            file, entry, _("dienstencheques kunnen alleen met een dienstenchequebedrijf.")
        )
    if t.support_function_group is None and "support_function" in t.required_fields:
        raise _contradiction(
            file,
            entry,
            _("support_function is verplicht maar er is geen support_function_group."),
        )


def load_file(path: str | Path) -> Catalogue:
    """Read a contract types file strictly; raises ContractTypeFileError naming file and entry."""
    path = Path(path)
    document = _read(path)
    if document is None:
        raise ContractTypeFileError(
            path, _("het bestand is leeg; verwacht worden %(sections)s."), {"sections": SECTIONS}
        )
    document = _check_keys(
        path, document, (*SECTIONS, *OPTIONAL_SECTIONS), SECTIONS, None, "het bestand"
    )
    provider_kinds = {
        code: item["label"]
        for code, item in _labelled_section(
            path, document["provider_kinds"], "provider_kinds", SIMPLE_KEYS
        ).items()
    }
    cost_kinds = _cost_kinds(path, document["cost_kinds"])
    non_payable = _non_payable(path, document.get("non_payable_cost_kinds"), cost_kinds)
    support: dict[str, SupportFunction] = {}
    for code, item in _labelled_section(
        path, document["support_functions"], "support_functions", SUPPORT_FUNCTION_KEYS
    ).items():
        group = _code(path, item["group"], f"support_functions.{code}", "'group'")
        support[code] = SupportFunction(code, item["label"], group, item["reference"])
    excluded = {
        code: item["label"]
        for code, item in _labelled_section(
            path, document["excluded_uses"], "excluded_uses", SIMPLE_KEYS
        ).items()
    }
    body = _mapping(path, document["contract_types"], "'contract_types'", None)
    if not body:
        raise ContractTypeFileError(
            path, _("'%(section)s' mag niet leeg zijn."), {"section": "contract_types"}
        )
    types = {
        code: _parse_type(
            path,
            code,
            item,
            cost_kind_codes=frozenset(cost_kinds),
            provider_kind_codes=frozenset(provider_kinds),
            support_groups=frozenset(s.group for s in support.values()),
        )
        for code, item in body.items()
    }
    return Catalogue(
        file=str(path),
        types=types,
        cost_kinds=cost_kinds,
        provider_kinds=provider_kinds,
        support_functions=support,
        excluded_uses=excluded,
        non_payable=non_payable,
    )


def _cost_kinds(path: Path, body: Any) -> dict[str, CostKind]:
    body = _mapping(path, body, "'cost_kinds'", None)
    if not body:
        raise ContractTypeFileError(
            path, _("'%(section)s' mag niet leeg zijn."), {"section": "cost_kinds"}
        )
    result: dict[str, CostKind] = {}
    for code, item in body.items():
        entry = f"cost_kinds.{code}"
        _code(path, code, None, "'cost_kinds'")
        item = _check_keys(
            path,
            item,
            COST_KIND_KEYS | COST_KIND_OPTIONAL_KEYS,
            sorted(COST_KIND_KEYS),
            entry,
            "de definitie",
        )
        result[code] = CostKind(
            code,
            _text(path, item["label"], "label", entry),
            _flag(path, item["via4"], "via4", entry),
            _text(path, item["reference"], "reference", entry),
            other_costs=_flag(path, item.get("other_costs", False), "other_costs", entry),
            needs_contract=_flag(path, item.get("needs_contract", True), "needs_contract", entry),
        )
    return result


def _non_payable(
    path: Path, body: Any, cost_kinds: dict[str, CostKind]
) -> dict[str, NonPayableCostKind]:
    if body is None:
        return {}
    body = _mapping(path, body, "'non_payable_cost_kinds'", None)
    result: dict[str, NonPayableCostKind] = {}
    for code, item in body.items():
        entry = f"non_payable_cost_kinds.{code}"
        _code(path, code, None, "'non_payable_cost_kinds'")
        item = _check_keys(
            path,
            item,
            NON_PAYABLE_KEYS | NON_PAYABLE_OPTIONAL_KEYS,
            sorted(NON_PAYABLE_KEYS),
            entry,
            "de definitie",
        )
        if code in cost_kinds:
            raise ContractTypeFileError(
                path,
                _("'%(code)s' staat ook bij cost_kinds: een kostensoort is betaalbaar of niet."),
                {"code": code},
                entry,
            )
        if item["rule"] not in NON_PAYABLE_RULES:
            raise ContractTypeFileError(
                path,
                _("'rule': '%(value)s' is onbekend; toegestaan zijn: %(allowed)s."),
                {"value": item["rule"], "allowed": ", ".join(sorted(NON_PAYABLE_RULES))},
                entry,
            )
        kinds = item.get("budget_kinds")
        result[code] = NonPayableCostKind(
            code,
            item["rule"],
            _text(path, item["label"], "label", entry),
            _text(path, item["reference"], "reference", entry),
            BUDGET_KINDS
            if kinds is None
            else frozenset(
                _codes(path, kinds, "budget_kinds", entry, BUDGET_KINDS, may_be_empty=False)
            ),
        )
    return result


# --- cache ----------------------------------------------------------------------------------

_lock = threading.RLock()
_state: dict[str, Any] = {"file": DEFAULT_FILE, "catalogue": None}


def reload(path: str | Path | None = None) -> Catalogue:
    """Read the file again now (another file when given; None: the package's own)."""
    with _lock:
        _state["file"] = Path(path) if path else DEFAULT_FILE
        _state["catalogue"] = None
        return catalogue()


def catalogue() -> Catalogue:
    """The catalogue in use, read on first use."""
    current = _state["catalogue"]
    if current is None:
        with _lock:
            if _state["catalogue"] is None:
                _state["catalogue"] = load_file(_state["file"])
            current = _state["catalogue"]
    return current


# --- lookups --------------------------------------------------------------------------------


def contract_type(code: str) -> ContractType:
    """The contract type with that code; raises UnknownContractType (a KeyError)."""
    try:
        return catalogue().types[code]
    except KeyError:
        raise UnknownContractType(code) from None


def contract_types(budget_kind: str | None = None) -> list[ContractType]:
    """All contract types in file order, or those a budget of that kind can use."""
    types = catalogue().types.values()
    if budget_kind is None:
        return list(types)
    return [t for t in types if budget_kind in t.budget_kinds]


def cost_kind(code: str) -> CostKind:
    try:
        return catalogue().cost_kinds[code]
    except KeyError:
        raise KeyError(f"unknown cost kind {code!r}") from None


def cost_kind_label(code: str) -> str:
    return cost_kind(code).label


def cost_kinds() -> dict[str, str]:
    """Every cost kind code with its Dutch label, in file order."""
    return {code: item.label for code, item in catalogue().cost_kinds.items()}


def provider_kinds() -> dict[str, str]:
    """Every provider kind code with its Dutch label, in file order."""
    return dict(catalogue().provider_kinds)


def provider_kind_label(code: str) -> str:
    try:
        return catalogue().provider_kinds[code]
    except KeyError:
        raise KeyError(f"unknown provider kind {code!r}") from None


def support_function(code: str) -> SupportFunction:
    try:
        return catalogue().support_functions[code]
    except KeyError:
        raise KeyError(f"unknown support function {code!r}") from None


def support_functions(group: str | None = None) -> dict[str, str]:
    """Support function codes with their Dutch labels: all, or those of one group
    (PVB: the six of seed 001; CONVENANT and CONVENANT_AS_PAB: seed 000 answer 6)."""
    return {
        code: item.label
        for code, item in catalogue().support_functions.items()
        if group is None or item.group == group
    }


def non_payable_cost_kinds() -> dict[str, NonPayableCostKind]:
    """R32, R23, R6: cost kinds a line can name but that are never paid, by code."""
    return dict(catalogue().non_payable)


def excluded_uses() -> dict[str, str]:
    """R6: what a PAB can never be used for, code -> Dutch label."""
    return dict(catalogue().excluded_uses)


def excluded_use_label(code: str) -> str:
    try:
        return catalogue().excluded_uses[code]
    except KeyError:
        raise KeyError(f"unknown excluded use {code!r}") from None


def via4_eligible(type_or_code: ContractType | str, on: date) -> bool:
    """Whether costs of this contract type are VIA4-eligible on that day (R27).

    A type with ``via4_parameter`` is eligible only while that parameter is 1 (a family task
    agreement: until 2021-12-31, FACTS.md)."""
    t = type_or_code if isinstance(type_or_code, ContractType) else contract_type(type_or_code)
    if not t.via4:
        return False
    if t.via4_parameter is None:
        return True
    try:
        return parameters.value(t.via4_parameter, on) == 1
    except parameters.ParameterMissing:
        return False
