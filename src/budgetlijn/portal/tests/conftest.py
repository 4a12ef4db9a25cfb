# The access tests' world (a minor's PAB with mandates in every state, one user per role).
from budgetlijn.access.tests.conftest import fresh, world  # noqa: F401
