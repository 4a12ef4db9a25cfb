"""Dutch labels of the rows and columns of a report.

Convenant categories keep the names of seed 000's table ("Verblijf hoog frequent met dagopvang
(60.259 euro)"), from ``dossiers.constants.ConvenantCategory``; the amount in brackets is the
yearly amount in force in the report's year, so the 2022 report shows the seed's labels and a
later year its indexed amounts.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from budgetlijn.dossiers.constants import BudgetKind, ConvenantCategory, Province, PvbScheme
from budgetlijn.reporting.amounts import CategoryKey
from budgetlijn.reporting.constants import Dimension

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
KIND_ORDER = [kind.value for kind in BudgetKind]
PROVINCE_ORDER = [province.value for province in Province]
CONVENANT_ORDER = list(ConvenantCategory.values)


def category_row_key(kind: str, scheme: str, category: str) -> str:
    return f"{kind}:{scheme or ''}:{category}"


def split_category_row_key(key: str) -> tuple[str, str, str]:
    kind, scheme, category = key.split(":", 2)
    return kind, scheme, category


def convenant_name(category: str) -> str:
    """The seed's name of a convenant category, without the amount."""
    if category in ConvenantCategory.values:
        return str(ConvenantCategory(category).label)
    return category


def euro(amount: Decimal) -> str:
    """An amount as in seed 000's table: 60.259 euro (cents only when there are any)."""
    places = 0 if amount == amount.to_integral_value() else 2
    return _("%(amount)s euro") % {
        "amount": number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    }


def category_label(
    kind: str,
    scheme: str,
    category: str,
    amounts: dict[CategoryKey, Decimal] | None = None,
    with_kind: bool = True,
) -> str:
    if kind == BudgetKind.CONVENANT:
        name = convenant_name(category)
        amount = (amounts or {}).get(CategoryKey(kind, "", category))
        if amount is not None:
            name = f"{name} ({euro(amount)})"
        return _("Convenant: %(name)s") % {"name": name} if with_kind else name
    if kind == BudgetKind.PVB:
        scheme_label = PvbScheme(scheme).label if scheme in PvbScheme.values else scheme
        return _("PVB, %(scheme)s, categorie %(category)s") % {
            "scheme": scheme_label,
            "category": category,
        }
    if kind == BudgetKind.PAB:
        return _("PAB, categorie %(category)s") % {"category": category}
    return f"{kind} {category}"


def _category_order(category: str) -> tuple[int, int, str]:
    if category in CONVENANT_ORDER:
        return (0, CONVENANT_ORDER.index(category), category)
    if category in ROMAN:
        return (1, ROMAN.index(category), category)
    if category.isdigit():
        return (2, int(category), category)
    return (3, 0, category)


def sort_key(dimension: str, key: str) -> tuple:
    if dimension == Dimension.PROVINCE:
        return (_index(PROVINCE_ORDER, key), key)
    if dimension == Dimension.KIND:
        return (_index(KIND_ORDER, key), key)
    kind, scheme, category = split_category_row_key(key)
    schemes = [scheme.value for scheme in PvbScheme]
    return (_index(KIND_ORDER, kind), _index(schemes, scheme), _category_order(category))


def _index(order: list[str], value: str) -> int:
    return order.index(value) if value in order else len(order)


def label(
    dimension: str,
    key: str,
    amounts: dict[CategoryKey, Decimal] | None = None,
    with_kind: bool = True,
) -> str:
    if dimension == Dimension.PROVINCE:
        return str(Province(key).label) if key in Province.values else key
    if dimension == Dimension.KIND:
        return str(BudgetKind(key).label) if key in BudgetKind.values else key
    kind, scheme, category = split_category_row_key(key)
    return category_label(kind, scheme, category, amounts, with_kind)


def day(value) -> str:
    return value.strftime("%d/%m/%Y")


def period_text(query) -> str:
    from budgetlijn.reporting.constants import Basis

    if query.basis == Basis.HOLDING:
        return _("lopend op %(day)s") % {"day": day(query.as_of)}
    text = _("ter beschikking gesteld van %(start)s tot en met %(end)s") % {
        "start": day(query.date_from),
        "end": day(query.date_to),
    }
    if query.as_of < query.date_to:
        text += " " + _("(tot de peildatum %(day)s)") % {"day": day(query.as_of)}
    return text


def kind_text(query) -> str:
    if not query.kind:
        return _("alle soorten budgetten")
    return str(BudgetKind(query.kind).label)


def report_title(query) -> str:
    """For example: 'Aantal personen per budgetcategorie en provincie, persoonsvolgend
    convenant, ter beschikking gesteld van 01/01/2022 tot en met 31/12/2022'."""
    from budgetlijn.reporting.constants import Dimension, Measure

    return _("%(measure)s per %(rows)s en %(columns)s, %(kind)s, %(period)s") % {
        "measure": capfirst(str(Measure(query.measure).label)),
        "rows": Dimension(query.rows).label,
        "columns": Dimension(query.columns).label,
        "kind": kind_text(query),
        "period": period_text(query),
    }
