"""The persoonsvolgende convenanten allocated in 2022, by budget category and province (R38).

Source: seed 000 (parliamentary question 969 of 2023, answer 2): "Voor 2022 werden 124 kinderen
geholpen via een persoonsvolgende convenant", with a table per budget category (rows) and
province (columns Antwerpen, Vlaams-Brabant, Limburg, Oost-Vlaanderen, West-Vlaanderen).

The text extraction of the seed lost the empty cells of that table. The row "Verblijf hoog
frequent met dagopvang" (35 24 9 17 11) is complete, so its columns are exact. For the sparse
rows only the numbers survived ("2"; "4 3"; "4 2 1"; "4 5 1 2"), not their columns: we fill them
in from left to right in the table's column order. That is an ASSUMPTION; the row totals
(96, 2, 7, 7, 12) and the grand total (124) are exact. See
docs/decisions/0005-convenant-2022-table.md; an administrator should correct the split here if
the original table shows otherwise.
"""

from decimal import Decimal

# The table's column order (seed 000): Antwerpen, Vlaams-Brabant, Limburg, Oost-Vlaanderen,
# West-Vlaanderen. Codes of budgetlijn.dossiers.constants.Province.
CONVENANT_2022_PROVINCES: tuple[str, ...] = ("ANT", "VBR", "LIM", "OVL", "WVL")

# category -> {province: number of convenants allocated in 2022}. Rows in the table's order.
# Sparse rows: numbers filled in left to right (ASSUMPTION, see the module docstring).
CONVENANT_2022_TABLE: dict[str, dict[str, int]] = {
    # "Verblijf hoog frequent met dagopvang (60.259 euro)": 35 24 9 17 11 (complete row).
    "RESIDENTIAL_HIGH_FREQUENCY": {"ANT": 35, "VBR": 24, "LIM": 9, "OVL": 17, "WVL": 11},
    # "Schoolaanvullende dagopvang (30.273 euro)": "2" (column lost).
    "SCHOOL_COMPLEMENTARY_DAY_CARE": {"ANT": 2, "VBR": 0, "LIM": 0, "OVL": 0, "WVL": 0},
    # "Schoolvervangende dagopvang (42.658 euro)": "4 3" (columns lost).
    "SCHOOL_REPLACING_DAY_CARE": {"ANT": 4, "VBR": 3, "LIM": 0, "OVL": 0, "WVL": 0},
    # "Verblijf GES+ (70.793 euro)": "4 2 1" (columns lost).
    "RESIDENTIAL_GES_PLUS": {"ANT": 4, "VBR": 2, "LIM": 1, "OVL": 0, "WVL": 0},
    # "Ander *" (mixed budget, guidance or a specifically allocated amount): "4 5 1 2".
    "OTHER": {"ANT": 4, "VBR": 5, "LIM": 1, "OVL": 2, "WVL": 0},
}

# Exact in the seed, whatever the columns: row totals and the grand total.
CONVENANT_2022_ROW_TOTALS: dict[str, int] = {
    "RESIDENTIAL_HIGH_FREQUENCY": 96,
    "SCHOOL_COMPLEMENTARY_DAY_CARE": 2,
    "SCHOOL_REPLACING_DAY_CARE": 7,
    "RESIDENTIAL_GES_PLUS": 7,
    "OTHER": 12,
}
CONVENANT_2022_TOTAL = 124

# The seed's row labels, with its 2022 amounts (the names are ConvenantCategory's labels; the
# amounts are the parameters of 2022): the reference the 2022 report is checked against.
CONVENANT_CATEGORY_LABELS: dict[str, str] = {
    "RESIDENTIAL_HIGH_FREQUENCY": "Verblijf hoog frequent met dagopvang (60.259 euro)",
    "SCHOOL_COMPLEMENTARY_DAY_CARE": "Schoolaanvullende dagopvang (30.273 euro)",
    "SCHOOL_REPLACING_DAY_CARE": "Schoolvervangende dagopvang (42.658 euro)",
    "RESIDENTIAL_GES_PLUS": "Verblijf GES+ (70.793 euro)",
    "OTHER": "Ander (gemengd budget, begeleiding of specifiek toegekend bedrag)",
}

# Category OTHER has no parameter: each child gets a specific amount (in the allocation
# letter). The demo draws one between these bounds, in cents.
OTHER_AMOUNT_MIN = Decimal("20000.00")
OTHER_AMOUNT_MAX = Decimal("60000.00")
OTHER_CATEGORY = "OTHER"
