"""The PSC register's ``natures_of_control`` strings → stake bands and control.

Companies House words each nature as a fixed string (the ``psc_descriptions``
enumeration): ``ownership-of-shares-25-to-50-percent`` means "holds, directly
or indirectly, more than 25% but not more than 50% of the shares";
``voting-rights-50-to-75-percent`` the same of the votes;
``right-to-appoint-and-remove-directors`` the right to appoint or remove a
majority of the board. LLPs state ``right-to-share-surplus-assets-...`` (their
equivalent of shares) and ``...-members``; overseas entities state
``...-more-than-25-percent-registered-overseas-entity``. A suffix
``-as-trust``, ``-as-firm``, ``-as-control-over-trust`` or
``-as-control-over-firm`` says the person holds through a trust or a firm it
controls.

>>> n = read_natures(["ownership-of-shares-25-to-50-percent", "voting-rights-50-to-75-percent"])
>>> (n.stake, n.votes, n.control)
((0.25, 0.5), (0.5, 0.75), True)
>>> read_natures(["ownership-of-shares-75-to-100-percent-as-trust"]).via
'trust'
>>> read_natures(["significant-influence-or-control"]).control is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["BANDS", "Natures", "read_natures"]

#: each band as (lower bound, upper bound): "more than 25% but not more than 50%"
BANDS = {
    "25-to-50": (0.25, 0.5),
    "50-to-75": (0.5, 0.75),
    "75-to-100": (0.75, 1.0),
    "more-than-25": (0.25, 1.0),
}
_BAND = re.compile(
    r"^(?P<what>ownership-of-shares|voting-rights|right-to-share-surplus-assets)"
    r"-(?P<band>25-to-50|50-to-75|75-to-100|more-than-25)-percent(?P<rest>.*)$"
)
_APPOINT = re.compile(r"^right-to-appoint-and-remove-(directors|members|person)(?P<rest>.*)$")
_INFLUENCE = re.compile(r"^significant-influence-or-control(?P<rest>.*)$")
_VIA = re.compile(r"-as-(control-over-)?(?P<via>trust|firm)")


@dataclass
class Natures:
    """What a PSC entry's natures of control say, read as bands and flags."""

    stake: tuple[float, float] | None = None  # shares (or an LLP's surplus assets)
    votes: tuple[float, float] | None = None
    appoints: bool = False
    influence: bool = False
    via: str = ""  # "trust" or "firm" when held through one
    bands: int = 0  # how many ownership bands were stated
    unknown: list[str] = field(default_factory=list)

    @property
    def control(self) -> bool | None:
        """True where the register states majority control (more than 50% of the votes or the
        right to appoint or remove a majority of the board); unknown (None) otherwise."""
        if self.appoints or (self.votes is not None and self.votes[0] >= 0.5):
            return True
        return None


def _higher(old: tuple[float, float] | None, new: tuple[float, float]) -> tuple[float, float]:
    return new if old is None or new[0] > old[0] else old


def read_natures(values: Sequence[str]) -> Natures:
    """Bands and flags from ``natures_of_control``; where two ownership bands are stated
    (held directly and through a trust, say) the higher one is kept."""
    out = Natures()
    for value in values:
        text = str(value).strip().lower()
        via = _VIA.search(text)
        if via:
            out.via = via.group("via")
        if band := _BAND.match(text):
            bounds = BANDS[band.group("band")]
            if band.group("what") == "voting-rights":
                out.votes = _higher(out.votes, bounds)
            else:
                out.bands += 1
                out.stake = _higher(out.stake, bounds)
        elif _APPOINT.match(text):
            out.appoints = True
        elif _INFLUENCE.match(text):
            out.influence = True
        else:
            out.unknown.append(text)
    return out
