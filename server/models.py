"""Server layer: imports every feature's tables so metadata (and Alembic) sees them all."""

from server.access import models as access  # noqa: F401
from server.accounts import models as accounts  # noqa: F401
from server.db import Base

__all__ = ["Base"]
