"""Access tokens for a shared server: who may read, who may also change the graph.

A server with tokens configured answers only requests that carry one (``Authorization:
Bearer TOKEN``, or the cookie the sign-in page sets). Each token has a name (for the
log and the page) and a role:

- ``read``: the page, search, neighbourhoods, paths, metrics, κ, what-if, explain,
  exports and the read-only Cypher console;
- ``admin``: all of that and the routes under ``/api/admin/`` that change the graph.

Tokens are kept hashed: a token file (or ``$JVGRAPH_TOKENS``) holds one line per token,
``ROLE NAME sha256:HEX``. A token is 32 random bytes (``secrets.token_urlsafe``), so a
plain SHA-256 of it is as hard to invert as a slow password hash would be (there is no
dictionary to try); presented tokens are compared against every hash in constant time.

>>> token = new_token()
>>> tokens = parse_tokens(f"read alice {hash_token(token)}", origin="JVGRAPH_TOKENS")
>>> tokens.check(token)
Holder(name='alice', role='read')
>>> tokens.check("jvg_not-a-token") is None
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from jvgraph.errors import UsageError

__all__ = [
    "ROLES",
    "Holder",
    "Role",
    "Tokens",
    "append_token",
    "hash_token",
    "load_tokens",
    "new_token",
    "parse_tokens",
]

Role = Literal["read", "admin"]
ROLES: tuple[Role, ...] = ("read", "admin")
PREFIX = "jvg_"
#: the longest token a request may present (longer ones are refused unhashed)
MAX_TOKEN_CHARS = 256
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


@dataclass(frozen=True)
class Holder:
    """Whom a token was given to, and what it allows."""

    name: str
    role: Role

    def may_change(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class _Entry:
    holder: Holder
    digest: bytes


@dataclass(frozen=True)
class Tokens:
    """The tokens a server accepts; none means the server is open (loopback only)."""

    entries: tuple[_Entry, ...] = ()
    #: where they were read from, for messages
    origin: str = ""

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def check(self, presented: str) -> Holder | None:
        """The holder of ``presented``, or ``None`` when no configured token matches."""
        if not presented or len(presented) > MAX_TOKEN_CHARS:
            return None
        digest = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        found = None
        for entry in self.entries:  # every entry, so the time does not say which matched
            if hmac.compare_digest(digest, entry.digest):
                found = entry.holder
        return found


def new_token() -> str:
    """A fresh token: ``jvg_`` and 43 URL-safe characters (32 random bytes)."""
    return PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The form a token is kept in: ``sha256:`` and the hex digest."""
    return "sha256:" + hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def parse_tokens(text: str, *, origin: str) -> Tokens:
    """Tokens from lines ``ROLE NAME sha256:HEX`` (``;`` also ends a line; ``#`` starts a
    comment). A wrong line is refused with its place: ``origin:LINE: FIELD: what is wrong``."""
    entries: list[_Entry] = []
    names: set[str] = set()
    lines = [part for line in text.splitlines() for part in line.split(";")]
    for number, line in enumerate(lines, start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        entry = _entry(fields, f"{origin}:{number}")
        if entry.holder.name in names:
            raise UsageError(f"{origin}:{number}: name: '{entry.holder.name}' is given twice")
        names.add(entry.holder.name)
        entries.append(entry)
    return Tokens(tuple(entries), origin)


def _entry(fields: list[str], where: str) -> _Entry:
    if len(fields) != 3:
        raise UsageError(f"{where}: expected 'ROLE NAME sha256:HEX', found {len(fields)} field(s)")
    role, name, kept = fields
    if role not in ROLES:
        raise UsageError(f"{where}: role: '{role}' is not one of {', '.join(ROLES)}")
    if not _NAME.fullmatch(name):
        raise UsageError(
            f"{where}: name: '{name[:64]}' must be 1 to 64 letters, digits or _.@- "
            "(starting with a letter or digit)"
        )
    if not _HASH.fullmatch(kept):
        hint = (
            "this looks like a token itself: keep its hash (jvgraph token new writes it)"
            if kept.startswith(PREFIX)
            else "expected sha256: and 64 lowercase hex digits"
        )
        raise UsageError(f"{where}: hash: {hint}")
    return _Entry(Holder(name, role), bytes.fromhex(kept.removeprefix("sha256:")))


def load_tokens(file: str | None = None, env: Mapping[str, str] | None = None) -> Tokens:
    """The tokens of ``file`` (``--tokens``), else ``$JVGRAPH_TOKENS_FILE``, plus the lines
    of ``$JVGRAPH_TOKENS``; none when neither is set."""
    env = os.environ if env is None else env
    path = file or env.get("JVGRAPH_TOKENS_FILE") or None
    entries: list[_Entry] = []
    origins: list[str] = []
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"{path}: cannot read the token file: {e}") from e
        entries += parse_tokens(text, origin=path).entries
        origins.append(path)
    if env.get("JVGRAPH_TOKENS", "").strip():
        entries += parse_tokens(env["JVGRAPH_TOKENS"], origin="JVGRAPH_TOKENS").entries
        origins.append("JVGRAPH_TOKENS")
    names = [e.holder.name for e in entries]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(f"{' and '.join(origins)}: name: '{twice[0]}' is given twice")
    return Tokens(tuple(entries), " and ".join(origins))


def append_token(path: str, role: Role, name: str) -> str:
    """A new token for ``name``: its hash appended to the file at ``path`` (created
    readable by its owner only), the token itself returned to be handed over once."""
    existing = load_tokens(path, env={}) if Path(path).exists() else Tokens()
    if any(e.holder.name == name for e in existing.entries):
        raise UsageError(f"{path}: name: '{name}' already has a token; choose another name")
    token = new_token()
    line = f"{role} {name} {hash_token(token)}\n"
    _entry(line.split(), f"{path}:new")  # the name and role as a file line would be checked
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    empty = os.fstat(fd).st_size == 0
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        if empty:
            out.write("# jvgraph tokens: ROLE NAME sha256:HEX (jvgraph token new adds lines)\n")
        out.write(line)
    return token
