"""Server layer: imports every feature's tables so metadata (and Alembic) sees them all."""

from server.access import models as access  # noqa: F401
from server.accounts import models as accounts  # noqa: F401
from server.applications import models as applications  # noqa: F401
from server.catalog import models as catalog  # noqa: F401
from server.db import Base
from server.documents import models as documents  # noqa: F401
from server.identity import models as identity  # noqa: F401
from server.profile import models as profile  # noqa: F401
from server.rights import models as rights  # noqa: F401
from server.visits import models as visits  # noqa: F401

__all__ = ["Base"]
