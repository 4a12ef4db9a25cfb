"""Pure rules of money out (issue 9): free share (R14, R15), vouchers (R11), the cash
surcharge (R12) and the end of a budget (R33, R34). No Django, nothing of the project's apps."""
