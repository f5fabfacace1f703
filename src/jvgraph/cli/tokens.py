"""``jvgraph token``: access tokens for ``jvgraph serve`` (kept hashed in a token file)."""

from __future__ import annotations

import os

import click

from jvgraph.errors import UsageError

__all__ = ["token_group"]

_file_option = click.option(
    "--file",
    "path",
    metavar="FILE",
    help="The token file (default: $JVGRAPH_TOKENS_FILE).",
)


def _token_file(path: str | None) -> str:
    found = path or os.environ.get("JVGRAPH_TOKENS_FILE")
    if not found:
        raise UsageError("no token file: give --file FILE or set JVGRAPH_TOKENS_FILE")
    return found


@click.group("token")
def token_group() -> None:
    """Access tokens for a shared server: read (browse, metrics, reports, read-only Cypher)
    or admin (also change the graph).

    \b
    Example:
        jvgraph token new alice --role read --file tokens.txt
        jvgraph token list --file tokens.txt
    """


@token_group.command("new")
@click.argument("name")
@click.option(
    "--role", type=click.Choice(["read", "admin"]), default="read", show_default=True,
    help="What the token allows.",
)  # fmt: skip
@_file_option
def new(name: str, role: str, path: str | None) -> None:
    """Make a token for NAME, add its hash to the token file and print the token (once:
    the file keeps only its hash).

    \b
    Example:
        jvgraph token new alice --role read --file tokens.txt
        jvgraph serve --tokens tokens.txt
    """
    from jvgraph.api.tokens import append_token

    where = _token_file(path)
    token = append_token(where, "admin" if role == "admin" else "read", name)
    click.echo(token)
    click.echo(
        f"jvgraph: added {'an' if role == 'admin' else 'a'} {role} token for {name} to {where}; hand it over now, "
        "it is not kept anywhere",
        err=True,
    )


@token_group.command("list")
@_file_option
def list_tokens(path: str | None) -> None:
    """The names and roles in the token file (never the tokens, which are not kept)."""
    from jvgraph.api.tokens import load_tokens

    where = _token_file(path)
    tokens = load_tokens(where, env={})
    for entry in tokens.entries:
        click.echo(f"{entry.holder.role:<6} {entry.holder.name}")
    click.echo(f"{len(tokens)} token(s) in {where}", err=True)
