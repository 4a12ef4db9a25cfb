"""Statistics (R38): counts and amounts per province, budget kind, category and period."""
