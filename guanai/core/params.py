"""API query parameters with bounds the OpenAPI document declares: pages, years, limits.

django-ninja's PageNumberPagination takes any page number, so page=2**63 reached the database as an
offset it cannot hold (a 500 on SQLite and PostgreSQL). Here a page past MAX_PAGE, or a page size
past the list's own maximum, is a 422 from the schema itself, before any query runs.
"""

from typing import Annotated, Any

from ninja import Field, Query, Schema
from ninja.pagination import PageNumberPagination

# 1,000,000 pages of 500 rows = 500 million rows: more than any bureau's list, far from any overflow.
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="1 = the first page")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="rows per page (default per list)")

    def __init__(self, page_size: int = 100, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


# A year asked of the API: a civil-affairs record starts after 1949 and plans reach a few decades ahead.
YEAR_MIN, YEAR_MAX = 1949, 2100
Year = Annotated[int | None, Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="calendar year (default: this year)")]


def limit_param(*, default: int, maximum: int) -> Any:
    """A `limit` query parameter with its bounds in the schema (a value outside is a 422, not a clamp)."""
    return Annotated[int, Query(default, ge=1, le=maximum, description=f"rows to return, 1-{maximum}")]
