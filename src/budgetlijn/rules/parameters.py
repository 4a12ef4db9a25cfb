"""Dated parameters: every amount, rate, cap and deadline of the rules, as data.

Like OpenFisca's ``parameters/``, but every value is a ``Decimal`` and the loader is strict.
The values live in YAML files in ``rules/parameters/*.yaml`` (another directory may be
configured, see ``configure``)::

    parameters:
      pab.yearly_amount.I.1:
        description: PAB budgetcategorie I, budgetschijf 1
        unit: EUR/jaar
        rules: [R3]                       # optional: rule ids of DOMAIN.md
        values:
          - from: 2023-01-01
            value: "11945.05"             # quoted: binary floats are never used for money
            reference: "seed 002, ..."
          - from: 2024-01-01
            until: 2024-12-31             # optional
            value: "12163.29"
            reference: "FACTS.md, ..."

Periods
    A value from a file is in force from its ``from`` up to and including its ``until``; without
    an ``until`` it runs until the day before the next value's ``from``, or without end for the
    last value. A day without a value in force has no value: ``value`` raises
    ``ParameterMissing``; nothing is extrapolated.

Administrator overrides
    An administrator of the agency can add values without a code change (the Django app
    ``budgetlijn.parameters`` stores them and installs itself with ``set_override_source``).
    An override is in force from its ``valid_from`` up to and including its ``valid_until``
    (without end when empty). Resolution, for a parameter on a day: among the file values and
    the administrator values whose period covers the day, the one with the latest start
    (``from``) wins; on an equal start the administrator's value wins (of two administrator
    values with the same start, the one the source lists last). So an administrator can enter
    next year's indexed amounts from 1 January on, and they win from that date on, while the
    file's values still answer for the days before. An override for a name that does not exist
    in the files is never used (and the Django app refuses to store one), so a typo cannot
    create a dead parameter. See docs/decisions/0003-parameter-overrides.md.

Loading
    The files are read lazily, once, on the first lookup, and kept; ``reload()`` reads them
    again (tests, or after ``configure``). Nothing here imports Django: messages are Dutch
    source strings marked with ``_`` and translated when Django is there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from budgetlijn.rules.dates import format_day
from budgetlijn.rules.violations import _

__all__ = [
    "DEFAULT_DIRECTORY",
    "Parameter",
    "ParameterError",
    "ParameterFileError",
    "ParameterMissing",
    "ParameterValue",
    "UnknownParameter",
    "configure",
    "definition",
    "directory",
    "entry",
    "history",
    "isolated",
    "load_directory",
    "load_file",
    "names",
    "reload",
    "set_override_source",
    "value",
]

DEFAULT_DIRECTORY = Path(__file__).resolve().parent / "parameters"
SOURCE_FILE = "file"
SOURCE_ADMIN = "admin"

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[A-Za-z0-9_]+)+$")
VALUE_PATTERN = re.compile(r"^[+-]?\d+(\.\d+)?$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
RULE_PATTERN = re.compile(r"^R\d+$")

TOP_KEYS = frozenset({"parameters"})
PARAMETER_KEYS = frozenset({"description", "unit", "values", "rules"})
PARAMETER_REQUIRED = ("description", "unit", "values")
VALUE_KEYS = frozenset({"from", "until", "value", "reference"})
VALUE_REQUIRED = ("from", "value", "reference")


def translate(template: str, params: dict[str, Any]) -> str:
    """The message in the user's language when Django is configured, else the Dutch source."""
    try:
        from django.utils.translation import gettext

        template = gettext(template)
    except Exception:  # noqa: BLE001, S110 - Django absent or not configured: the Dutch source
        pass
    return template % params if params else template


# --- errors ---------------------------------------------------------------------------------


class ParameterError(Exception):
    """Base of the errors of this module."""


class ParameterMissing(ParameterError, LookupError):
    """No value of the parameter is in force on that day."""

    message = _(
        "Er is geen waarde voor parameter %(name)s op %(on)s. "
        "Een beheerder van het agentschap kan ze toevoegen."
    )

    def __init__(self, name: str, on: date | None):
        self.name = name
        self.on = on
        self.params = {"name": name, "on": format_day(on) if on else "-"}
        super().__init__(translate(self.message, self.params))

    def __str__(self) -> str:  # LookupError would show the repr of the argument
        return str(self.args[0])

    def __reduce__(self):
        return (self.__class__, (self.name, self.on))


class UnknownParameter(ParameterMissing):
    """The name is not a parameter of the files at all (a typo, or a removed parameter)."""

    message = _(
        "Parameter %(name)s bestaat niet. Controleer de naam; een nieuwe parameter wordt "
        "toegevoegd in de parameterbestanden, niet als aanpassing door een beheerder."
    )

    def __init__(self, name: str, on: date | None = None):
        super().__init__(name, on)


class ParameterFileError(ParameterError, ValueError):
    """A parameter file is not valid; the message names the file and the parameter."""

    def __init__(
        self,
        file: str | Path,
        problem: str,
        params: dict[str, Any] | None = None,
        parameter: str | None = None,
    ):
        self.file = str(file)
        self.parameter = parameter
        self.problem = problem
        self.params = dict(params or {})
        text = translate(problem, self.params)
        if parameter:
            prefix = translate(
                _("Parameterbestand %(file)s, parameter %(parameter)s"),
                {"file": self.file, "parameter": parameter},
            )
        else:
            prefix = translate(_("Parameterbestand %(file)s"), {"file": self.file})
        super().__init__(f"{prefix}: {text}")


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParameterValue:
    """One value of a parameter and the period it is in force (both ends included)."""

    name: str
    valid_from: date
    valid_until: date | None
    value: Decimal
    unit: str
    reference: str
    source: str = SOURCE_FILE  # "file" or "admin"

    def covers(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


@dataclass(frozen=True)
class Parameter:
    """A parameter as defined in a file: what it is and its values, oldest first."""

    name: str
    description: str
    unit: str
    values: tuple[ParameterValue, ...]
    file: str
    rules: tuple[str, ...] = ()


OverrideSource = Callable[[str], Iterable[ParameterValue]]


# --- strict YAML loading ----------------------------------------------------------------------


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when present


class _StrictLoader(_BaseLoader):
    """SafeLoader that refuses duplicate mapping keys and leaves dates as text.

    PyYAML silently keeps the last of two equal keys; here that is an error. Timestamps are
    not resolved by YAML, so that the loader can report a bad date with the parameter's name.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        if isinstance(node, yaml.MappingNode):
            _check_mapping_node(node, self.name, [])
        return super().construct_mapping(node, deep=deep)


def _check_mapping_node(node: yaml.MappingNode, file: str, path: list[str]) -> None:
    seen: dict[Any, int] = {}
    parameter = path[1] if len(path) > 1 and path[0] == "parameters" else None
    naming_parameters = path == ["parameters"]
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise ParameterFileError(
                file,
                _(
                    "regel %(line)s: samenvoegsleutels (<<) zijn niet toegestaan; "
                    "schrijf alles uit."
                ),
                {"line": key_node.start_mark.line + 1},
                parameter,
            )
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
        if key in seen:
            raise ParameterFileError(
                file,
                _(
                    "regel %(line)s: de sleutel '%(key)s' staat er twee keer (ook op regel "
                    "%(first)s). YAML zou de eerste stil negeren; laat er één over."
                ),
                {"line": key_node.start_mark.line + 1, "key": key, "first": seen[key]},
                key if naming_parameters else parameter,
            )
        seen[key] = key_node.start_mark.line + 1


def _check_duplicates(node: yaml.Node | None, file: str, path: list[str]) -> None:
    """Walk the composed document and refuse duplicate keys, naming where they are."""
    if isinstance(node, yaml.MappingNode):
        _check_mapping_node(node, file, path)
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            _check_duplicates(value_node, file, [*path, str(key)])
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_duplicates(item, file, [*path, str(index)])


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterFileError(
            path, _("het bestand kan niet gelezen worden (%(error)s)."), {"error": exc}
        ) from exc
    except UnicodeDecodeError as exc:
        raise ParameterFileError(path, _("het bestand is geen geldige UTF-8-tekst.")) from exc
    loader = _StrictLoader(text)
    loader.name = str(path)
    try:
        node = loader.get_single_node()
        _check_duplicates(node, str(path), [])
        if node is None:
            return None
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise ParameterFileError(
            path, _("geen geldige YAML: %(error)s"), {"error": str(exc).replace("\n", " ")}
        ) from exc
    finally:
        loader.dispose()


def key_problem(
    mapping: Any, allowed: Iterable[str], required: Iterable[str], where: str
) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with the keys of ``mapping`` read from a YAML file (not a mapping, an
    unknown key, a required key missing or empty), as a Dutch message and its parameters;
    None when nothing is. The loaders of parameters and contract types raise it their way."""
    if not isinstance(mapping, dict):
        return _("%(where)s moet een mapping (sleutel: waarde) zijn."), {"where": where}
    allowed = frozenset(allowed)
    unknown = sorted(str(key) for key in mapping if key not in allowed)
    if unknown:
        return (
            _("onbekende sleutel %(keys)s in %(where)s; toegestaan zijn: %(allowed)s."),
            {"keys": ", ".join(unknown), "where": where, "allowed": ", ".join(sorted(allowed))},
        )
    for key in required:
        if key not in mapping or mapping[key] is None or mapping[key] == "":
            return (
                _("de verplichte sleutel '%(key)s' ontbreekt in %(where)s."),
                {"key": key, "where": where},
            )
    return None


def _check_keys(
    file: Path,
    mapping: Any,
    allowed: frozenset[str],
    required: Iterable[str],
    parameter: str | None,
    where: str,
) -> None:
    problem = key_problem(mapping, allowed, required, where)
    if problem is not None:
        raise ParameterFileError(file, *problem, parameter)


def _parse_date(file: Path, raw: Any, parameter: str, where: str) -> date:
    if isinstance(raw, date):  # only reachable when a caller composes values itself
        return raw
    text = str(raw).strip() if isinstance(raw, str | int) else None
    try:
        if text is None or not DATE_PATTERN.match(text):
            raise ValueError(raw)
        return date.fromisoformat(text)
    except ValueError:
        raise ParameterFileError(
            file,
            _("%(where)s: '%(raw)s' is geen geldige datum; schrijf JJJJ-MM-DD, bv. 2024-01-01."),
            {"where": where, "raw": raw},
            parameter,
        ) from None


def _parse_value(file: Path, raw: Any, parameter: str, where: str) -> Decimal:
    if isinstance(raw, float):
        raise ParameterFileError(
            file,
            _(
                "%(where)s: de waarde %(raw)s is als kommagetal (float) gelezen. Zet ze tussen "
                'aanhalingstekens, bv. value: "%(raw)s": binaire kommagetallen worden nooit '
                "gebruikt voor bedragen en percentages."
            ),
            {"where": where, "raw": raw},
            parameter,
        )
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ParameterFileError(
            file,
            _("%(where)s: '%(raw)s' is geen decimaal getal; schrijf bv. value: \"12163.29\"."),
            {"where": where, "raw": raw},
            parameter,
        )
    text = str(raw).strip()
    number = Decimal(text) if VALUE_PATTERN.match(text) else None
    if number is None:
        raise ParameterFileError(
            file,
            _(
                "%(where)s: '%(raw)s' is geen decimaal getal; schrijf cijfers met een punt als "
                'decimaalteken, bv. value: "12163.29".'
            ),
            {"where": where, "raw": raw},
            parameter,
        )
    return number


def _parse_parameter(file: Path, name: Any, body: Any) -> Parameter:
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ParameterFileError(
            file,
            _(
                "'%(name)s' is geen geldige parameternaam: kleine letters, delen gescheiden door "
                "punten, bv. pab.yearly_amount.I.1."
            ),
            {"name": name},
        )
    _check_keys(file, body, PARAMETER_KEYS, PARAMETER_REQUIRED, name, "de parameter")
    for key in ("description", "unit"):
        if not isinstance(body[key], str) or not body[key].strip():
            raise ParameterFileError(file, _("'%(key)s' moet een tekst zijn."), {"key": key}, name)
    rules = body.get("rules") or []
    if not isinstance(rules, list) or not all(
        isinstance(rule, str) and RULE_PATTERN.match(rule) for rule in rules
    ):
        raise ParameterFileError(
            file,
            _("'rules' moet een lijst van regelnummers uit DOMAIN.md zijn, bv. [R3, R14]."),
            None,
            name,
        )
    raw_values = body["values"]
    if not isinstance(raw_values, list) or not raw_values:
        raise ParameterFileError(
            file, _("'values' moet een lijst met minstens één waarde zijn."), None, name
        )
    declared: list[tuple[date, date | None, Decimal, str]] = []
    for index, item in enumerate(raw_values, start=1):
        where = f"waarde {index}"
        _check_keys(file, item, VALUE_KEYS, VALUE_REQUIRED, name, where)
        valid_from = _parse_date(file, item["from"], name, f"{where}, 'from'")
        until_raw = item.get("until")
        valid_until = (
            None if until_raw is None else _parse_date(file, until_raw, name, f"{where}, 'until'")
        )
        number = _parse_value(file, item["value"], name, where)
        reference = item["reference"]
        if not isinstance(reference, str) or not reference.strip():
            raise ParameterFileError(
                file, _("%(where)s: 'reference' moet de bron noemen."), {"where": where}, name
            )
        if valid_until is not None and valid_until < valid_from:
            raise ParameterFileError(
                file,
                _("%(where)s: 'until' (%(until)s) ligt vóór 'from' (%(from)s)."),
                {"where": where, "until": valid_until, "from": valid_from},
                name,
            )
        declared.append((valid_from, valid_until, number, reference.strip()))
    declared.sort(key=lambda item: item[0])
    values: list[ParameterValue] = []
    for index, (valid_from, valid_until, number, reference) in enumerate(declared):
        following = declared[index + 1][0] if index + 1 < len(declared) else None
        if following is not None:
            if following == valid_from:
                raise ParameterFileError(
                    file,
                    _("twee waarden beginnen op dezelfde dag (%(from)s); de periodes overlappen."),
                    {"from": valid_from},
                    name,
                )
            if valid_until is not None and valid_until >= following:
                raise ParameterFileError(
                    file,
                    _(
                        "de waarde vanaf %(from)s loopt tot %(until)s, voorbij het begin van de "
                        "volgende waarde (%(next)s); de periodes overlappen."
                    ),
                    {"from": valid_from, "until": valid_until, "next": following},
                    name,
                )
            end = valid_until if valid_until is not None else following - timedelta(days=1)
        else:
            end = valid_until
        values.append(
            ParameterValue(
                name=name,
                valid_from=valid_from,
                valid_until=end,
                value=number,
                unit=body["unit"].strip(),
                reference=reference,
                source=SOURCE_FILE,
            )
        )
    return Parameter(
        name=name,
        description=body["description"].strip(),
        unit=body["unit"].strip(),
        values=tuple(values),
        file=str(file),
        rules=tuple(rules),
    )


def load_file(path: str | Path) -> dict[str, Parameter]:
    """Read one parameter file strictly; raises ParameterFileError naming file and parameter."""
    path = Path(path)
    document = read_yaml(path)
    if document is None:
        raise ParameterFileError(path, _("het bestand is leeg; verwacht wordt 'parameters:'."))
    _check_keys(path, document, TOP_KEYS, ("parameters",), None, "het bestand")
    body = document["parameters"]
    if not isinstance(body, dict) or not body:
        raise ParameterFileError(
            path, _("'parameters' moet een mapping van namen naar parameters zijn.")
        )
    return {name: _parse_parameter(path, name, item) for name, item in body.items()}


def load_directory(path: str | Path) -> dict[str, Parameter]:
    """Read every ``*.yaml`` file of a directory; a name may be defined in one file only."""
    path = Path(path)
    if not path.is_dir():
        raise ParameterFileError(path, _("de map met parameterbestanden bestaat niet."))
    files = sorted([*path.glob("*.yaml"), *path.glob("*.yml")])
    if not files:
        raise ParameterFileError(path, _("de map bevat geen parameterbestanden (*.yaml)."))
    result: dict[str, Parameter] = {}
    for file in files:
        for name, parameter in load_file(file).items():
            if name in result:
                raise ParameterFileError(
                    file,
                    _("de parameter staat ook in %(other)s; een naam hoort in één bestand."),
                    {"other": result[name].file},
                    name,
                )
            result[name] = parameter
    return result


# --- configuration and cache ----------------------------------------------------------------


@dataclass
class _State:
    directory: Path = DEFAULT_DIRECTORY
    registry: dict[str, Parameter] | None = None
    override_source: OverrideSource | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)


_state = _State()


def configure(directory: str | Path | None = None) -> None:
    """Use another directory of parameter files (None: the package's own); read lazily."""
    with _state.lock:
        _state.directory = Path(directory) if directory else DEFAULT_DIRECTORY
        _state.registry = None


def directory() -> Path:
    return _state.directory


def reload() -> dict[str, Parameter]:
    """Read the files again now (and raise now if one is not valid)."""
    with _state.lock:
        _state.registry = None
        return _registry()


def set_override_source(source: OverrideSource | None) -> OverrideSource | None:
    """Install the source of administrator values, ``source(name) -> [ParameterValue]``.

    Returns the previous source so a caller (a test) can put it back.
    """
    with _state.lock:
        previous = _state.override_source
        _state.override_source = source
        return previous


@contextmanager
def isolated(
    directory: str | Path | None = None, override_source: OverrideSource | None = None
) -> Iterator[None]:
    """Run with the given files and override source (default: package files, no overrides),
    and put the previous configuration back afterwards. Meant for tests.

    The files already read are kept when the directory stays the same (call ``reload()`` inside
    to read them again)."""
    with _state.lock:
        saved = (_state.directory, _state.registry, _state.override_source)
        new_directory = Path(directory) if directory else DEFAULT_DIRECTORY
        if new_directory != _state.directory:
            _state.registry = None
        _state.directory = new_directory
        _state.override_source = override_source
    try:
        yield
    finally:
        with _state.lock:
            _state.directory, _state.registry, _state.override_source = saved


def _registry() -> dict[str, Parameter]:
    registry = _state.registry
    if registry is None:
        with _state.lock:
            if _state.registry is None:
                _state.registry = load_directory(_state.directory)
            registry = _state.registry
    return registry


# --- lookups --------------------------------------------------------------------------------


def names() -> list[str]:
    """All parameter names defined in the files, sorted."""
    return sorted(_registry())


def definition(name: str) -> Parameter:
    """The file definition of a parameter (description, unit, file values)."""
    try:
        return _registry()[name]
    except KeyError:
        raise UnknownParameter(name) from None


def _overrides(parameter: Parameter) -> list[ParameterValue]:
    source = _state.override_source
    if source is None:
        return []
    return [
        replace(item, source=SOURCE_ADMIN, unit=item.unit or parameter.unit)
        for item in source(parameter.name)
        if item.name == parameter.name
    ]


def history(name: str) -> list[ParameterValue]:
    """Every value of the parameter, from files and administrators, by start date
    (on an equal start the file's value first, as the administrator's wins)."""
    parameter = definition(name)
    values = [*parameter.values, *_overrides(parameter)]
    return sorted(values, key=lambda item: (item.valid_from, item.source == SOURCE_ADMIN))


def entry(name: str, on: date) -> ParameterValue:
    """The value in force on that day, with its period, unit, source and reference."""
    parameter = definition(name)
    best: ParameterValue | None = None
    best_key: tuple[date, bool] | None = None
    for item in (*parameter.values, *_overrides(parameter)):
        if not item.covers(on):
            continue
        key = (item.valid_from, item.source == SOURCE_ADMIN)
        if best_key is None or key >= best_key:  # >=: the later-listed admin value wins a tie
            best, best_key = item, key
    if best is None:
        raise ParameterMissing(name, on)
    return best


def value(name: str, on: date) -> Decimal:
    """The value of the parameter in force on that day; raises ParameterMissing if none."""
    return entry(name, on).value
