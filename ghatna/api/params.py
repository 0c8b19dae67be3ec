"""Query parameters shared by several endpoints, with their checks (patterns, lengths, ranges)."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import Query

#: an inclusive date bound: YYYY, YYYY-MM or YYYY-MM-DD
DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"  # empty: no bound (web forms send empty fields)

Limit = Annotated[int, Query(ge=0, description="items per page (at most api.max_page_size)")]
Offset = Annotated[int, Query(ge=0, description="items skipped; page on with the response's next offset")]
DateFrom = Annotated[Optional[str], Query(pattern=DATE, description="from this date on (YYYY, YYYY-MM or YYYY-MM-DD)")]
DateTo = Annotated[Optional[str], Query(pattern=DATE, description="up to this date, inclusive")]
EntityId = Annotated[Optional[str], Query(max_length=200, description="an entity id (merged ids are followed)")]
Text = Annotated[Optional[str], Query(max_length=200)]
Granularity = Annotated[Literal["day", "month", "year"], Query(description="period of the buckets")]
EventTypes = Annotated[list[str], Query(max_length=20, description="PLOVER event types (any of them)")]
