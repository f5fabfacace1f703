"""Who is asking: the name and role of the request's token (the page shows them)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from jvgraph.api.deps import SettingsDep
from jvgraph.api.tokens import Holder

router = APIRouter(tags=["session"])


class SessionPublic(BaseModel):
    #: whether this server asks for tokens at all
    auth: bool
    name: str | None = None
    role: str | None = None


@router.get("/session")
async def get_session(request: Request, settings: SettingsDep) -> SessionPublic:
    """Whether the server needs a token and, when it does, whom this one was given to."""
    holder: Holder | None = getattr(request.state, "holder", None)
    if not settings.tokens or holder is None:
        return SessionPublic(auth=bool(settings.tokens))
    return SessionPublic(auth=True, name=holder.name, role=holder.role)
