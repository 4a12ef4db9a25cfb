"""The demo data as a plan: persons and budgets with their whole life, decided up front.

Pure and deterministic: ``generate_plan(scale, seed, today)`` uses nothing but
``random.Random(seed)`` (and random generators seeded from it), so the same scale and seed give
the same persons, national register numbers and IBANs, whatever the day. Only ``today`` moves
the few budgets that wait to be started (their deadline falls in the 30 days after ``today``,
so ``run_deadlines`` has something to show) and how many budget years running budgets have.
Everything else is anchored on ``REFERENCE_DATE``.

Every budget is planned so the rules accept it (``budgetlijn.rules``): a PVB for an adult on the
application day, a PAB and a convenant for a minor, holders with their relation recorded, a
start within the start period, and so on. A budget starts the real way: by its first approved
contract, registered on the start day; ``contracts.ContractPlanner`` adds every budget's
contracts once all budgets are drawn, from its own random generator (so the persons come out
the same as without contracts). The loader then goes through the services only.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from budgetlijn.demo.contracts import ContractPlanner
from budgetlijn.demo.convenants import (
    CONVENANT_2022_PROVINCES,
    CONVENANT_2022_TABLE,
    OTHER_AMOUNT_MAX,
    OTHER_AMOUNT_MIN,
    OTHER_CATEGORY,
)
from budgetlijn.demo.draws import birth_date_for_age, day_between, make_rng
from budgetlijn.demo.identities import EnterpriseNumbers, Ibans, NationalNumbers
from budgetlijn.demo.names import LAST_NAMES, first_names_for
from budgetlijn.demo.organisations import Organisations
from budgetlijn.demo.places import MAIN_CITY_WEIGHT, MUNICIPALITIES, PROVINCE_WEIGHTS
from budgetlijn.demo.specs import (
    AccountSpec,
    BudgetSpec,
    DemoPlan,
    HolderSpec,
    PersonSpec,
    RelationSpec,
    StatementSpec,
)
from budgetlijn.dossiers.constants import (
    AccountHolderKind,
    BudgetKind,
    HolderRole,
    PaymentMode,
    PvbScheme,
    RelationKind,
    StopReason,
)
from budgetlijn.rules import budgets as budget_rules
from budgetlijn.rules.dates import add_months, years_between

# The day the demo history is anchored on ("today" when the demo was designed).
REFERENCE_DATE = date(2026, 11, 23)

# PVB and PAB allocations are spread from here to a few weeks before REFERENCE_DATE. The yearly
# amounts of PVB and PAB categories are parameters from 2023 on (rules/parameters/pvb.yaml and
# pab.yaml); an allocation in an earlier year is refused for lack of an amount, so the demo
# starts in 2023. Convenants are all in 2022 (seed 000), their amounts exist from 2022.
WINDOW_START = date(2023, 1, 2)
WINDOW_END = REFERENCE_DATE - timedelta(days=21)

# Old PVB categories (I-XII) apply to applications complete before 2020-03-17 (FACTS.md).
NEW_SCHEME_FROM = date(2020, 3, 17)
OLD_SCHEME_APPLIED_FROM = date(2017, 1, 2)

# At scale 1: 250 PVB (200 old scheme, 50 new scheme of which 4 wait to be started),
# 20 PAB (2 of which wait to be started). Convenants do not scale: always the 124 of 2022.
PVB_OLD_PER_SCALE = 200
PVB_NEW_PER_SCALE = 46
PVB_PENDING_PER_SCALE = 4
PAB_PER_SCALE = 18
PAB_PENDING_PER_SCALE = 2  # one allocated, one with its start period extended

# FACTS.md, "PVB spread over old categories (end 2020, %)".
PVB_OLD_SPREAD: dict[str, Decimal] = {
    "I": Decimal("12.77"),
    "II": Decimal("9.93"),
    "III": Decimal("9.37"),
    "IV": Decimal("8.56"),
    "V": Decimal("10.20"),
    "VI": Decimal("10.42"),
    "VII": Decimal("5.27"),
    "VIII": Decimal("7.55"),
    "IX": Decimal("9.35"),
    "X": Decimal("11.84"),
    "XI": Decimal("3.68"),
    "XII": Decimal("1.06"),
}
# The spread over the 24 new categories is not published: the demo invents one in which lower
# categories are more common (weight 24 for category 1 down to 1 for category 24).
PVB_NEW_SPREAD: dict[str, int] = {str(category): 25 - category for category in range(1, 25)}

# PAB categories and their number of bands (budgetschijven), R3; the spread is invented.
PAB_BANDS: dict[str, int] = {"I": 2, "II": 3, "III": 2, "IV": 3, "V": 2}
PAB_CATEGORY_WEIGHTS: dict[str, int] = {"I": 20, "II": 30, "III": 20, "IV": 20, "V": 10}

# Share of the PVB budgets (per cent, rounded per scale) that lapsed or were stopped.
PVB_LAPSED_PCT = 3
PVB_STOPPED_OWN_CHOICE_PCT = 4
PVB_STOPPED_DEATH_PCT = 2
PVB_ADMINISTRATOR_PCT = 10
# PAB life cycles per scale unit (the rest simply started); holder variants per scale unit.
PAB_LIFE_CYCLES_PER_SCALE: dict[str, int] = {
    "extension_started": 2,
    "extension_lapsed": 1,
    "lapsed": 1,
    "stopped": 1,
}
PAB_HOLDER_VARIANTS_PER_SCALE: dict[str, int] = {"assistant_parent": 2, "guardian": 2}

# One random generator per part; a new part goes at the end, so the others stay the same.
STREAMS = ("convenant", "pvb", "pab", "pending", "organisations", "contracts")


def generate_plan(scale: int, seed: int, today: date = REFERENCE_DATE) -> DemoPlan:
    """The demo data for ``scale`` (0: only the 124 convenants of 2022) and ``seed``."""
    if scale < 0:
        raise ValueError("scale cannot be negative")
    generator = _Generator(seed, today)
    budgets = [
        *generator.convenants(),
        *generator.pvbs(scale),
        *generator.pabs(scale),
        *generator.pending(scale),
    ]
    budgets = generator.contracts(budgets, scale)
    return DemoPlan(
        scale=scale,
        seed=seed,
        today=today,
        budgets=tuple(budgets),
        organisations=tuple(generator.organisations.all()),
    )


# --- helpers (pure) ----------------------------------------------------------------------------


def apportion(weights: Mapping[str, Decimal | int], total: int) -> dict[str, int]:
    """Split ``total`` over the keys in proportion to ``weights`` (largest remainder method),
    so the counts add up to ``total`` exactly; ties go to the key listed first."""
    weight_sum = sum(Fraction(str(weight)) for weight in weights.values())
    quotas = {key: Fraction(str(weight)) * total / weight_sum for key, weight in weights.items()}
    counts = {key: int(quota) for key, quota in quotas.items()}
    left = total - sum(counts.values())
    order = sorted(quotas, key=lambda key: -(quotas[key] - counts[key]))
    for key in order[:left]:
        counts[key] += 1
    return counts


def start_deadline(kind: str, category: str, letter_received_on: date, extended: bool) -> date:
    """The last day to start, as the rules compute it (R1, R2)."""
    facts = budget_rules.BudgetFacts(
        kind=kind,
        category=category,
        allocated_on=letter_received_on,
        letter_received_on=letter_received_on,
        extension_granted_on=letter_received_on if extended else None,
    )
    deadline = budget_rules.start_deadline(facts)
    if deadline is None:
        raise ValueError(f"a {kind} has no start deadline")
    return deadline


def letter_for_deadline(
    kind: str, category: str, today: date, days_ahead: int, extended: bool = False
) -> date:
    """The latest letter day whose start deadline falls after ``today`` and at most
    ``days_ahead`` days later."""
    target = today + timedelta(days=days_ahead)
    letter = target
    while start_deadline(kind, category, letter, extended) > target:
        letter -= timedelta(days=1)
    if start_deadline(kind, category, letter, extended) <= today:
        raise ValueError(f"no letter day gives a deadline in ({today}, {target}]")
    return letter


class _Generator:
    def __init__(self, seed: int, today: date) -> None:
        master = make_rng(seed)
        # One generator per part, seeded from the master in a fixed order: the convenants
        # come out the same at every scale.
        self.rngs = {name: make_rng(master.getrandbits(64)) for name in STREAMS}
        self.today = today
        self.numbers = NationalNumbers()
        self.ibans = Ibans()
        self.enterprises = EnterpriseNumbers()
        self.organisations = Organisations(self.rngs["organisations"], self.enterprises)
        self._keys: dict[str, int] = {}

    def contracts(self, budgets: list[BudgetSpec], scale: int) -> list[BudgetSpec]:
        """Every budget with its contracts (``contracts.ContractPlanner``)."""
        planner = ContractPlanner(
            self.rngs["contracts"],
            self.organisations,
            self.numbers,
            self.enterprises,
            reference=REFERENCE_DATE,
            today=self.today,
        )
        return planner.plan(budgets, scale)

    # -- persons --

    def key(self, prefix: str) -> str:
        self._keys[prefix] = self._keys.get(prefix, 0) + 1
        return f"{prefix}-{self._keys[prefix]:04d}"

    @staticmethod
    def province(rng: random.Random) -> str:
        provinces = list(PROVINCE_WEIGHTS)
        return rng.choices(provinces, weights=[PROVINCE_WEIGHTS[p] for p in provinces])[0]

    @staticmethod
    def place(rng: random.Random, province: str) -> tuple[str, str]:
        places = MUNICIPALITIES[province]
        weights = [MAIN_CITY_WEIGHT] + [1] * (len(places) - 1)
        return rng.choices(places, weights=weights)[0]

    def person(
        self,
        rng: random.Random,
        prefix: str,
        birth_date: date,
        gender: str,
        province: str,
        place: tuple[str, str],
        last_name: str | None = None,
        **extra,
    ) -> PersonSpec:
        first_name = rng.choice(first_names_for(birth_date.year, gender))
        return PersonSpec(
            key=self.key(prefix),
            first_name=first_name,
            last_name=last_name or rng.choice(LAST_NAMES),
            gender=gender,
            birth_date=birth_date,
            national_number=self.numbers.issue(rng, birth_date, gender),
            province=province,
            municipality=place[0],
            postal_code=place[1],
            **extra,
        )

    def adult(
        self, rng: random.Random, prefix: str, on: date, youngest: int, oldest: int, **kwargs
    ) -> PersonSpec:
        gender = rng.choice("MF")
        birth = birth_date_for_age(rng, on, youngest, oldest)
        return self.person(rng, prefix, birth, gender, **kwargs)

    def family(
        self, rng: random.Random, prefix: str, child_birth: date, province: str
    ) -> tuple[PersonSpec, PersonSpec, PersonSpec]:
        """A child and both parents, living in the same municipality: (child, mother, father)."""
        place = self.place(rng, province)
        mother = self.person(
            rng,
            f"{prefix}-ouder",
            birth_date_for_age(rng, child_birth, 22, 40),
            "F",
            province,
            place,
        )
        father = self.person(
            rng,
            f"{prefix}-ouder",
            birth_date_for_age(rng, child_birth, 23, 45),
            "M",
            province,
            place,
        )
        # Most children carry the father's name; since 2014 parents may choose.
        child_name = father.last_name if rng.random() < 0.85 else mother.last_name
        child = self.person(
            rng, prefix, child_birth, rng.choice("MF"), province, place, last_name=child_name
        )
        return child, mother, father

    def iban(self, rng: random.Random) -> str:
        return self.ibans.issue(rng)

    # -- convenants (seed 000, 2022; independent of the scale) --

    def convenants(self) -> list[BudgetSpec]:
        rng = self.rngs["convenant"]
        budgets = []
        for category, row in CONVENANT_2022_TABLE.items():
            for province in CONVENANT_2022_PROVINCES:
                for _number in range(row[province]):
                    budgets.append(self.convenant(rng, category, province))
        return budgets

    def convenant(self, rng: random.Random, category: str, province: str) -> BudgetSpec:
        allocated = day_between(rng, date(2022, 1, 3), date(2022, 12, 16))
        letter = allocated + timedelta(days=rng.randint(1, 5))
        applied = allocated - timedelta(days=rng.randint(14, 90))
        # A minor on the application day and on the allocation day (under 17.3 then).
        child_birth = birth_date_for_age(rng, applied, 2, 16)
        child, mother, father = self.family(rng, "convenant", child_birth, province)
        parents = [mother, father]
        if rng.random() < 0.1:  # a single parent: the other one is not in the picture
            parents = [rng.choice(parents)]
        specific = None
        if category == OTHER_CATEGORY:
            low, high = int(OTHER_AMOUNT_MIN * 100), int(OTHER_AMOUNT_MAX * 100)
            specific = Decimal(rng.randint(low, high)) / 100
        started = letter + timedelta(days=rng.randint(3, 45))
        return BudgetSpec(
            key=self.key("budget-convenant"),
            person=child,
            kind=BudgetKind.CONVENANT,
            category=category,
            applied_on=applied,
            allocated_on=allocated,
            letter_received_on=letter,
            relatives=tuple(parents),
            relations=tuple(RelationSpec(p.key, RelationKind.PARENT, child_birth) for p in parents),
            holders=tuple(HolderSpec(p.key, HolderRole.PARENT) for p in parents),
            specific_amount=specific,
            # A convenant is spent at a licensed provider or MFC; the agency pays them.
            payment_mode=PaymentMode.VOUCHER,
            started_on=started,
            open_years_until=self.today.year,
        )

    # -- PVB (adults) --

    def pvbs(self, scale: int) -> list[BudgetSpec]:
        rng = self.rngs["pvb"]
        categories: list[tuple[str, str]] = []
        for category, count in apportion(PVB_OLD_SPREAD, PVB_OLD_PER_SCALE * scale).items():
            categories += [(PvbScheme.OLD, category)] * count
        for category, count in apportion(PVB_NEW_SPREAD, PVB_NEW_PER_SCALE * scale).items():
            categories += [(PvbScheme.NEW, category)] * count
        rng.shuffle(categories)
        total = len(categories)
        outcomes = (
            ["lapsed"] * round(total * PVB_LAPSED_PCT / 100)
            + ["stopped_own_choice"] * round(total * PVB_STOPPED_OWN_CHOICE_PCT / 100)
            + ["stopped_death"] * round(total * PVB_STOPPED_DEATH_PCT / 100)
        )
        outcomes += ["started"] * (total - len(outcomes))
        rng.shuffle(outcomes)
        return [
            self.pvb(rng, scheme, category, outcome)
            for (scheme, category), outcome in zip(categories, outcomes, strict=True)
        ]

    def pvb(self, rng: random.Random, scheme: str, category: str, outcome: str) -> BudgetSpec:
        # Budgets that lapsed or stopped were allocated long enough ago for that to happen.
        last_allocation = WINDOW_END if outcome == "started" else REFERENCE_DATE - timedelta(180)
        allocated = day_between(rng, WINDOW_START, last_allocation)
        letter = allocated + timedelta(days=rng.randint(2, 7))
        if scheme == PvbScheme.OLD:
            applied = day_between(rng, OLD_SCHEME_APPLIED_FROM, NEW_SCHEME_FROM - timedelta(1))
        else:
            earliest = max(NEW_SCHEME_FROM, allocated - timedelta(days=4 * 365))
            applied = day_between(rng, earliest, allocated - timedelta(days=30))
        # An adult on the application day: 19 to 75, most of them young adults.
        age = int(rng.triangular(19, 76, 30))
        birth = birth_date_for_age(rng, applied, age, age)
        deadline = start_deadline(BudgetKind.PVB, category, letter, extended=False)
        started = stop = lapsed = None
        open_until = None
        if outcome == "lapsed":
            lapsed = deadline + timedelta(days=rng.randint(1, 10))
        else:
            latest_start = min(deadline, REFERENCE_DATE)
            started = min(letter + timedelta(days=rng.randint(5, 115)), latest_start)
            open_until = self.today.year
            if outcome.startswith("stopped"):
                stopped_on = day_between(rng, started + timedelta(30), REFERENCE_DATE)
                reason = StopReason.DEATH if outcome == "stopped_death" else StopReason.OWN_CHOICE
                stop = (stopped_on, reason)
                open_until = stopped_on.year
        care_since = None
        if years_between(birth, allocated) >= 25 and rng.random() < 0.25:
            care_since = day_between(
                rng,
                max(add_months(birth, 12 * 21), allocated - timedelta(days=6 * 365)),
                allocated - timedelta(days=60),
            )
        province = self.province(rng)
        person = self.person(
            rng,
            "pvb",
            birth,
            "M" if rng.random() < 0.55 else "F",
            province,
            self.place(rng, province),
            date_of_death=stop[0] if stop and stop[1] == StopReason.DEATH else None,
            care_allowance_since=care_since,
        )
        relatives: tuple[PersonSpec, ...] = ()
        relations: tuple[RelationSpec, ...] = ()
        holders = (HolderSpec(person.key, HolderRole.SELF),)
        if rng.randrange(100) < PVB_ADMINISTRATOR_PCT:
            # A court-appointed administrator (bewindvoerder) manages the budget.
            administrator = self.adult(
                rng,
                "bewindvoerder",
                allocated,
                30,
                68,
                province=province,
                place=self.place(rng, province),
            )
            relatives = (administrator,)
            since = day_between(rng, applied - timedelta(days=3 * 365), applied)
            relations = (RelationSpec(administrator.key, RelationKind.ADMINISTRATOR, since),)
            holders = (
                HolderSpec(person.key, HolderRole.SELF, manages=False),
                HolderSpec(administrator.key, HolderRole.ADMINISTRATOR),
            )
        mode, share = self.payment(rng)
        return BudgetSpec(
            key=self.key("budget-pvb"),
            person=person,
            kind=BudgetKind.PVB,
            scheme=scheme,
            category=category,
            applied_on=applied,
            allocated_on=allocated,
            letter_received_on=letter,
            relatives=relatives,
            relations=relations,
            holders=holders,
            account=AccountSpec(self.iban(rng), person.full_name, AccountHolderKind.HOLDER),
            payment_mode=mode,
            cash_share=share,
            started_on=started,
            open_years_until=open_until,
            stop=stop,
            lapsed_on=lapsed,
        )

    @staticmethod
    def payment(rng: random.Random) -> tuple[str, Decimal | None]:
        """How a PVB is spent (R11) and the share estimated in cash (R13)."""
        mode = rng.choices(
            [PaymentMode.CASH, PaymentMode.VOUCHER, PaymentMode.COMBINATION], weights=[40, 30, 30]
        )[0]
        if mode == PaymentMode.CASH:
            return mode, Decimal(1)
        if mode == PaymentMode.COMBINATION:
            return mode, Decimal(rng.randint(4, 16) * 5) / 100  # 20 % to 80 % in cash
        return mode, None

    # -- PAB (minors) --

    def pabs(self, scale: int) -> list[BudgetSpec]:
        rng = self.rngs["pab"]
        total = PAB_PER_SCALE * scale
        cycles = [
            cycle
            for cycle, count in PAB_LIFE_CYCLES_PER_SCALE.items()
            for _ in range(count * scale)
        ]
        cycles += ["started"] * (total - len(cycles))
        variants = [
            variant
            for variant, count in PAB_HOLDER_VARIANTS_PER_SCALE.items()
            for _ in range(count * scale)
        ]
        variants += ["parents"] * (total - len(variants))
        rng.shuffle(cycles)
        rng.shuffle(variants)
        return [
            self.pab(rng, cycle, variant) for cycle, variant in zip(cycles, variants, strict=True)
        ]

    def pab_category(self, rng: random.Random) -> tuple[str, int]:
        categories = list(PAB_CATEGORY_WEIGHTS)
        category = rng.choices(categories, weights=[PAB_CATEGORY_WEIGHTS[c] for c in categories])[0]
        return category, rng.randint(1, PAB_BANDS[category])

    def pab(self, rng: random.Random, cycle: str, variant: str) -> BudgetSpec:
        category, band = self.pab_category(rng)
        # Long enough ago for the life cycle: start (after an extension), lapse or stop.
        last_allocation = {
            "started": WINDOW_END,
            "extension_started": REFERENCE_DATE - timedelta(days=250),
            "extension_lapsed": REFERENCE_DATE - timedelta(days=280),
            "lapsed": REFERENCE_DATE - timedelta(days=150),
            "stopped": REFERENCE_DATE - timedelta(days=200),
        }[cycle]
        allocated = day_between(rng, WINDOW_START, last_allocation)
        letter = allocated + timedelta(days=rng.randint(2, 7))
        applied = allocated - timedelta(days=rng.randint(60, 400))
        # A minor on the application day (R2) and still on the allocation day (R9 holders).
        child_birth = birth_date_for_age(rng, applied, 2, 15)
        deadline = start_deadline(BudgetKind.PAB, category, letter, extended=False)
        extended_deadline = start_deadline(BudgetKind.PAB, category, letter, extended=True)
        extension = started = stop = lapsed = None
        open_until = None
        if cycle.startswith("extension"):
            requested = letter + timedelta(days=rng.randint(60, 110))
            requested = min(requested, deadline)
            extension = (requested, requested + timedelta(days=rng.randint(3, 14)))
        if cycle == "extension_started":
            first = max(deadline, extension[1]) + timedelta(days=1)
            started = day_between(rng, first, min(extended_deadline, REFERENCE_DATE))
        elif cycle == "extension_lapsed":
            lapsed = extended_deadline + timedelta(days=rng.randint(1, 10))
        elif cycle == "lapsed":
            lapsed = deadline + timedelta(days=rng.randint(1, 10))
        else:  # started, stopped
            started = min(letter + timedelta(days=rng.randint(10, 115)), deadline)
        if started:
            open_until = self.today.year
        if cycle == "stopped":
            stopped_on = day_between(rng, started + timedelta(days=60), REFERENCE_DATE)
            stop = (stopped_on, StopReason.OWN_CHOICE)
            open_until = stopped_on.year
        return self.pab_budget(
            rng,
            variant,
            category=category,
            band=band,
            child_birth=child_birth,
            applied=applied,
            allocated=allocated,
            letter=letter,
            extension=extension,
            started_on=started,
            open_years_until=open_until,
            stop=stop,
            lapsed_on=lapsed,
        )

    def pab_budget(
        self,
        rng: random.Random,
        variant: str,
        *,
        category: str,
        band: int,
        child_birth: date,
        applied: date,
        allocated: date,
        letter: date,
        **life,
    ) -> BudgetSpec:
        """A PAB with its family: both parents, one parent as assistant, or a guardian (R9)."""
        province = self.province(rng)
        statements: tuple[StatementSpec, ...] = ()
        if variant == "guardian":
            child = self.person(
                rng, "pab", child_birth, rng.choice("MF"), province, self.place(rng, province)
            )
            guardian = self.adult(
                rng, "voogd", allocated, 30, 65, province=province, place=self.place(rng, province)
            )
            supervisor = self.adult(
                rng,
                "toeziende-voogd",
                allocated,
                30,
                70,
                province=province,
                place=self.place(rng, province),
            )
            since = day_between(rng, child_birth + timedelta(days=30), applied - timedelta(days=1))
            relatives = (guardian, supervisor)
            relations = (
                RelationSpec(guardian.key, RelationKind.GUARDIAN, since),
                RelationSpec(supervisor.key, RelationKind.SUPERVISING_GUARDIAN, since),
            )
            holders = (HolderSpec(guardian.key, HolderRole.GUARDIAN),)
            account = AccountSpec(
                self.iban(rng), guardian.full_name, AccountHolderKind.REPRESENTATIVE
            )
        else:
            child, mother, father = self.family(rng, "pab", child_birth, province)
            relatives = (mother, father)
            relations = tuple(
                RelationSpec(p.key, RelationKind.PARENT, child_birth) for p in relatives
            )
            manager, assistant = (mother, father) if rng.random() < 0.5 else (father, mother)
            if variant == "assistant_parent":
                # One parent is personal assistant and gives up managing the budget; both sign
                # the management statement, filed with the application (R9).
                holders = (
                    HolderSpec(manager.key, HolderRole.PARENT),
                    HolderSpec(assistant.key, HolderRole.PARENT, manages=False),
                )
                signed = day_between(rng, applied, allocated - timedelta(days=10))
                received = signed + timedelta(days=rng.randint(1, 8))
                statements = (StatementSpec(manager.key, assistant.key, signed, received),)
                account = AccountSpec(
                    self.iban(rng), manager.full_name, AccountHolderKind.REPRESENTATIVE
                )
            else:
                holders = (
                    HolderSpec(mother.key, HolderRole.PARENT),
                    HolderSpec(father.key, HolderRole.PARENT),
                )
                if rng.random() < 0.25:
                    account = AccountSpec(self.iban(rng), child.full_name, AccountHolderKind.MINOR)
                else:
                    account = AccountSpec(
                        self.iban(rng),
                        f"{manager.full_name} en {assistant.full_name}",
                        AccountHolderKind.REPRESENTATIVE,
                    )
        return BudgetSpec(
            key=self.key("budget-pab"),
            person=child,
            kind=BudgetKind.PAB,
            category=category,
            band=band,
            applied_on=applied,
            allocated_on=allocated,
            letter_received_on=letter,
            relatives=relatives,
            relations=relations,
            holders=holders,
            statements=statements,
            account=account,
            **life,
        )

    # -- budgets waiting to be started (deadline in the 30 days after ``today``) --

    def pending(self, scale: int) -> list[BudgetSpec]:
        """Not yet started, with a start deadline in the coming 30 days. Persons are drawn
        against REFERENCE_DATE (the same at any ``today``); only their dates follow ``today``."""
        rng = self.rngs["pending"]
        budgets = []
        new_categories = list(PVB_NEW_SPREAD)
        new_weights = [PVB_NEW_SPREAD[c] for c in new_categories]
        for _number in range(PVB_PENDING_PER_SCALE * scale):
            category = rng.choices(new_categories, weights=new_weights)[0]
            days_ahead = rng.randint(2, 29)
            waited = rng.randint(60, 700)
            birth = birth_date_for_age(rng, REFERENCE_DATE, 24, 70)
            province = self.province(rng)
            person = self.person(
                rng,
                "pvb",
                birth,
                "M" if rng.random() < 0.55 else "F",
                province,
                self.place(rng, province),
            )
            mode, share = self.payment(rng)
            iban = self.iban(rng)
            letter = letter_for_deadline(BudgetKind.PVB, category, self.today, days_ahead)
            allocated = letter - timedelta(days=3)
            applied = max(allocated - timedelta(days=waited), NEW_SCHEME_FROM)
            budgets.append(
                BudgetSpec(
                    key=self.key("budget-pvb"),
                    person=person,
                    kind=BudgetKind.PVB,
                    scheme=PvbScheme.NEW,
                    category=category,
                    applied_on=applied,
                    allocated_on=allocated,
                    letter_received_on=letter,
                    holders=(HolderSpec(person.key, HolderRole.SELF),),
                    account=AccountSpec(iban, person.full_name, AccountHolderKind.HOLDER),
                    payment_mode=mode,
                    cash_share=share,
                )
            )
        for number in range(PAB_PENDING_PER_SCALE * scale):
            extended = number % 2 == 1
            category, band = self.pab_category(rng)
            days_ahead = rng.randint(2, 29)
            waited = rng.randint(60, 300)
            asked_after = rng.randint(60, 100)
            granted_after = rng.randint(3, 10)
            child_birth = birth_date_for_age(rng, REFERENCE_DATE, 3, 11)
            letter = letter_for_deadline(BudgetKind.PAB, category, self.today, days_ahead, extended)
            allocated = letter - timedelta(days=4)
            extension = None
            if extended:
                requested = letter + timedelta(days=asked_after)
                extension = (requested, requested + timedelta(days=granted_after))
            budgets.append(
                self.pab_budget(
                    rng,
                    "parents",
                    category=category,
                    band=band,
                    child_birth=child_birth,
                    applied=allocated - timedelta(days=waited),
                    allocated=allocated,
                    letter=letter,
                    extension=extension,
                )
            )
        return budgets
