"""What makes a report a document for a case file: its title, author, case reference and
the time it was generated (the cover block and the running headers print them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["DEFAULT_TITLE", "ReportMeta"]

DEFAULT_TITLE = "jvgraph antitrust-concentration report"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class ReportMeta:
    """The document's own facts (none of them changes a number in the report)."""

    title: str = DEFAULT_TITLE
    author: str = ""
    #: the case or file reference the report belongs to
    case: str = ""
    #: when it was generated, UTC, ISO 8601
    generated: str = field(default_factory=_now)

    def as_json(self) -> dict[str, str]:
        return {"title": self.title, "author": self.author, "case": self.case,
                "generated": self.generated}  # fmt: skip
