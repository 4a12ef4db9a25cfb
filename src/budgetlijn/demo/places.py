"""Real municipalities and their postal codes per province, and how persons are spread.

Province codes are those of ``budgetlijn.dossiers.constants.Province``.
"""

# province -> ((municipality, postal code), ...); the first is the largest city and is drawn
# more often (see ``MAIN_CITY_WEIGHT``).
MUNICIPALITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "ANT": (
        ("Antwerpen", "2000"),
        ("Mechelen", "2800"),
        ("Turnhout", "2300"),
        ("Lier", "2500"),
        ("Geel", "2440"),
        ("Mol", "2400"),
        ("Herentals", "2200"),
        ("Boom", "2850"),
        ("Heist-op-den-Berg", "2220"),
        ("Brasschaat", "2930"),
        ("Schoten", "2900"),
        ("Kapellen", "2950"),
        ("Mortsel", "2640"),
        ("Willebroek", "2830"),
    ),
    "LIM": (
        ("Hasselt", "3500"),
        ("Genk", "3600"),
        ("Sint-Truiden", "3800"),
        ("Tongeren", "3700"),
        ("Lommel", "3920"),
        ("Beringen", "3580"),
        ("Maasmechelen", "3630"),
        ("Bilzen", "3740"),
        ("Heusden-Zolder", "3550"),
        ("Maaseik", "3680"),
        ("Diepenbeek", "3590"),
    ),
    "OVL": (
        ("Gent", "9000"),
        ("Aalst", "9300"),
        ("Sint-Niklaas", "9100"),
        ("Dendermonde", "9200"),
        ("Lokeren", "9160"),
        ("Ninove", "9400"),
        ("Oudenaarde", "9700"),
        ("Eeklo", "9900"),
        ("Zottegem", "9620"),
        ("Ronse", "9600"),
        ("Wetteren", "9230"),
        ("Geraardsbergen", "9500"),
        ("Deinze", "9800"),
    ),
    "VBR": (
        ("Leuven", "3000"),
        ("Vilvoorde", "1800"),
        ("Halle", "1500"),
        ("Tienen", "3300"),
        ("Aarschot", "3200"),
        ("Diest", "3290"),
        ("Zaventem", "1930"),
        ("Dilbeek", "1700"),
        ("Asse", "1730"),
        ("Grimbergen", "1850"),
        ("Tervuren", "3080"),
        ("Overijse", "3090"),
    ),
    "WVL": (
        ("Brugge", "8000"),
        ("Kortrijk", "8500"),
        ("Oostende", "8400"),
        ("Roeselare", "8800"),
        ("Ieper", "8900"),
        ("Waregem", "8790"),
        ("Menen", "8930"),
        ("Izegem", "8870"),
        ("Torhout", "8820"),
        ("Tielt", "8700"),
        ("Poperinge", "8970"),
        ("Knokke-Heist", "8300"),
        ("Diksmuide", "8600"),
    ),
    "BRU": (
        ("Brussel", "1000"),
        ("Anderlecht", "1070"),
        ("Jette", "1090"),
        ("Schaarbeek", "1030"),
        ("Sint-Jans-Molenbeek", "1080"),
        ("Elsene", "1050"),
        ("Ganshoren", "1083"),
    ),
}

# How often the province's main city is drawn compared to each other municipality.
MAIN_CITY_WEIGHT = 4

# Spread of PVB and PAB holders over the provinces, in percent. An APPROXIMATION: roughly the
# share of each Flemish province in the population of Flanders (about 28/23/18/17/13 %), plus
# a small share of Dutch-speaking Brussels residents known to the agency. Not a published
# figure for budget holders.
PROVINCE_WEIGHTS: dict[str, int] = {
    "ANT": 28,
    "OVL": 23,
    "WVL": 18,
    "VBR": 17,
    "LIM": 13,
    "BRU": 1,
}
