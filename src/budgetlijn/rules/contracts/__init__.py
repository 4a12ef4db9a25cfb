"""Contract rules at registration and amendment (R6, R8, R9, R17-R23): pure checks.

``check_registration`` returns every violation of a contract at once, each with its rule id,
a stable code, a Dutch message that says what to do, and the field it is about (a field of
``ContractFacts``, or ``counterparty.<field>`` for the other party). The Django layer loads the
facts, calls it, and refuses to save when the list is not empty; the same function serves the
portal, the API and bulk import.

Choices (see docs/decisions/0007-contract-rules.md):

- Minimum content (R18, seed 003 §3.2) is the type's ``required_fields`` (contract_types.yaml).
  An open-ended contract may state ``indefinite_duration`` instead of an end date.
- Identity: a person is identified by a valid national register number or BIS number
  (python-stdnum, ``identity.py``), an enterprise by a valid Belgian enterprise number
  (``stdnum.be.vat``); a foreign facility has no Belgian number, so any registration number it
  gives is accepted. An assistant who lives abroad needs a BIS number (R20, seed 003 §3.3.1).
- Family (R20): a family member to the second degree, a household member, or a parent of the
  person. Family cannot be paid through wijk-werk or service vouchers; a family contract type
  needs a family member; a family member employed directly takes the family type.
- A minor assistant (``student_minor``, or younger than 18 on the start day by the birth date
  or the national number) needs the parents' consent dated before the start day (R20).
- Wijk-werk (R20): the registration document is valid ``contracts.wijk_werk.registration_valid_
  months`` months (12): up to the day before its anniversary. It must be valid on the
  registration day and on the start day, and not be dated after the start day.
- Minimum wage (R22): types with ``minimum_wage`` pay at least
  ``contracts.minimum_wage.pc31901.hourly`` in force on the start day (the registration day
  without a start day); before the first known value nothing is checked.
- R9 parent and guardian rules apply to a PAB and a convenant (budget holders are the legal
  representatives of a minor); nobody contracting with themself and a managing budget holder
  not being the assistant apply to every budget.
- R6 applies to a PAB; R23 to every contract at a licensed provider or MFC.
- The holder who signs (``registered_by_id``) is a managing budget holder (R18/R9).

One module per rule (``facts``, ``kinds``, ``content``, ``identities``, ``parties``, ``family``,
``wage``, ``use``, ``amendment``, ``lifecycle``, ``registration``); the names below are the API.
"""

from budgetlijn.rules.contracts.amendment import check_amendment
from budgetlijn.rules.contracts.facts import (
    ContractFacts,
    PartyFacts,
    is_family_member,
    is_parent_assistant,
)
from budgetlijn.rules.contracts.family import wijk_werk_registration_valid_until
from budgetlijn.rules.contracts.lifecycle import (
    check_budget_open,
    check_changeable,
    check_pending,
    check_refusal_reason,
)
from budgetlijn.rules.contracts.parties import check_signatory
from budgetlijn.rules.contracts.registration import check_registration

__all__ = [
    "ContractFacts",
    "PartyFacts",
    "check_amendment",
    "check_budget_open",
    "check_changeable",
    "check_pending",
    "check_refusal_reason",
    "check_registration",
    "check_signatory",
    "is_family_member",
    "is_parent_assistant",
    "wijk_werk_registration_valid_until",
]
