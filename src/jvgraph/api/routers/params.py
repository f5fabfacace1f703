"""Query parameters several routers share."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Query

__all__ = ["AsOf", "Market"]

AsOf = Annotated[dt.date | None, Query(description="Compute as of this date (YYYY-MM-DD).")]
Market = Annotated[str, Query(description="The company column that defines a market.")]
