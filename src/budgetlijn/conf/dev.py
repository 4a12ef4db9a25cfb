"""Developer settings: DEBUG on, a fixed local secret, loopback hosts only."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

from budgetlijn.conf.settings import *  # noqa: E402,F403
