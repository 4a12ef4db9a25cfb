"""The organisations demo contracts are made with: providers, service-voucher companies,
temp agencies, wijk-werk organisers, assistance organisations...

The names are invented (our own lists, not real organisations), except the five licensed
assistance organisations, which seed 003 §1.4 names (R36). Each organisation gets a valid,
unique enterprise number (drawn: never the real one; ``identities.EnterpriseNumbers``) and a
province, so a budget holder contracts with organisations near home. The pool is drawn once per seed, before any contract,
so it is the same at every scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from budgetlijn.demo.identities import EnterpriseNumbers
from budgetlijn.demo.places import MUNICIPALITIES

# Provinces in the order organisations are spread over them (codes of dossiers Province).
PROVINCES: tuple[str, ...] = ("ANT", "OVL", "WVL", "VBR", "LIM")
FLANDERS = ""  # an organisation that works in the whole of Flanders

# pool -> (provider kind of contracts.constants.ProviderKind, names). "{city}" is replaced by a
# municipality of the organisation's province. Pools in REGIONAL get a province per
# organisation (round robin over PROVINCES); the others work in the whole of Flanders. Two pools
# may share a provider kind (an organisation that provides assistants and a window cleaner are
# both "another organisation"), a contract type asks for the pool that fits its task.
ORGANISATION_POOLS: dict[str, tuple[str, tuple[str, ...]]] = {
    "LICENSED": (
        "LICENSED",
        (
            "Dagcentrum De Horizon vzw",
            "Begeleid Wonen Het Veld vzw",
            "Woonondersteuning Ten Hove vzw",
            "Thuisbegeleiding De Brug vzw",
            "Zorgnetwerk De Wilgenhoek vzw",
            "Dagbesteding De Kade vzw",
            "Woonzorgnet Ter Beke vzw",
            "Dienstverlening Het Lindenhof vzw",
            "Dagcentrum Den Akker vzw",
            "Begeleiding Op Maat {city} vzw",
        ),
    ),
    "MFC": (
        "MFC",
        (
            "MFC De Vlinder vzw",
            "MFC Het Kompas vzw",
            "MFC De Regenboog vzw",
            "MFC De Zonnewijzer vzw",
            "MFC Het Klaverblad vzw",
        ),
    ),
    # At most five assistance organisations are licensed (R36): the five seed 003 §1.4 names.
    "ASSISTANCE_ORGANISATION": (
        "ASSISTANCE_ORGANISATION",
        (
            "Absoluut vzw",
            "alin vzw",
            "MyAssist vzw",
            "Onafhankelijk Leven",
            "ZOOM vzw",
        ),
    ),
    "SERVICE_VOUCHER_COMPANY": (
        "SERVICE_VOUCHER_COMPANY",
        (
            "Huishoudhulp {city} bv",
            "Dienstenchequebedrijf Proper Thuis bv",
            "Poetsdienst Blinkend {city} bv",
            "Strijk- en Poetsdienst De Wasmand bv",
            "Dienstenchequebedrijf Zonnige Zaken bv",
        ),
    ),
    "TEMP_AGENCY": (
        "TEMP_AGENCY",
        ("Zorgflex Interim nv", "Assist Interim bv", "Interimkantoor Zorg aan Huis nv"),
    ),
    "WIJK_WERK_ORGANISER": (
        "WIJK_WERK_ORGANISER",
        (
            "Wijk-werken regio {city}",
            "Wijk-werken {city} (OCMW)",
            "Wijk-werken regio {city}",
            "Wijk-werken regio {city}",
            "Wijk-werken {city} (OCMW)",
        ),
    ),
    "VOLUNTEER_ORGANISATION": (
        "VOLUNTEER_ORGANISATION",
        (
            "Vrijwilligerswerking Samen op Stap vzw",
            "Oppasdienst De Handreiking vzw",
            "Vrijwilligerspunt {city} vzw",
        ),
    ),
    # Organisations that provide personal assistants (seed 003 §3.3.5).
    "ASSISTANT_PROVIDER": (
        "OTHER_ORGANISATION",
        (
            "Gezinszorg Thuis vzw",
            "Thuishulp De Lichtboei vzw",
            "Persoonlijke Assistentie Aan Huis vzw",
        ),
    ),
    # Self-employed people and small firms (the seed's example: a window cleaner).
    "SELF_EMPLOYED": (
        "OTHER_ORGANISATION",
        (
            "Ramenwasserij Helder Zicht bv",
            "Ramenwasser {city} (zelfstandige)",
            "Glazenwasserij De Zeem",
        ),
    ),
    "WVG_ORGANISATION": (
        "WVG_ORGANISATION",
        (
            "Dienst Maatschappelijk Werk {city} vzw",
            "Dagcentrum Het Trefpunt vzw",
            "Centrum voor Dagverzorging De Oase vzw",
        ),
    ),
    "FAMILY_INITIATIVE": (
        "FAMILY_INITIATIVE",
        (
            "Familiaal initiatief Huize Vandamme",
            "Familiaal initiatief De Boomgaard",
            "Familiaal initiatief Hof ter Molen",
        ),
    ),
    "TRANSPORT": (
        "TRANSPORT",
        (
            "Taxi {city} bv",
            "Mindermobielencentrale {city}",
            "Aangepast Vervoer De Rolstoelbus vzw",
            "Taxi {city} bv",
        ),
    ),
}
REGIONAL = frozenset(
    {
        "LICENSED",
        "MFC",
        "SERVICE_VOUCHER_COMPANY",
        "WIJK_WERK_ORGANISER",
        "VOLUNTEER_ORGANISATION",
        "SELF_EMPLOYED",
        "WVG_ORGANISATION",
        "FAMILY_INITIATIVE",
        "TRANSPORT",
    }
)


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    enterprise_number: str
    provider_kind: str
    province: str  # "" for an organisation working in the whole of Flanders


class Organisations:
    """The demo organisations, by pool."""

    def __init__(self, rng: random.Random, numbers: EnterpriseNumbers) -> None:
        self.pools: dict[str, list[OrganisationSpec]] = {}
        for pool, (kind, names) in ORGANISATION_POOLS.items():
            organisations = []
            for index, template in enumerate(names):
                province = PROVINCES[index % len(PROVINCES)] if pool in REGIONAL else FLANDERS
                places = MUNICIPALITIES[province or "ANT"]
                city = places[(index // len(PROVINCES)) % len(places)][0]
                organisations.append(
                    OrganisationSpec(
                        name=template.format(city=city),
                        enterprise_number=numbers.issue(rng),
                        provider_kind=kind,
                        province=province,
                    )
                )
            self.pools[pool] = organisations

    def all(self) -> list[OrganisationSpec]:
        return [org for organisations in self.pools.values() for org in organisations]

    def pick(self, rng: random.Random, pool: str, province: str) -> OrganisationSpec:
        """An organisation of the pool, drawn among those in the province (or working in the
        whole of Flanders) when there are any."""
        organisations = self.pools[pool]
        near = [org for org in organisations if org.province in (province, FLANDERS)]
        return rng.choice(near or organisations)
