"""User queries run in worker processes, where they can be timed out, killed and capped.

A store keeps a :class:`QueryPool` of at most ``JVGRAPH_QUERY_WORKERS`` (default: the
number of CPUs, at most 4) worker processes, started on first use with ``python -m
jvgraph.store.query_worker`` (a fresh interpreter: no fork of a threaded server). Each worker
opens the store itself, read-only (the embedded store by path, reopened whenever the file
changes, so it always reads the newest committed graph; Neo4j through a driver of its own),
confines itself (:mod:`jvgraph.store.sandbox`) and then runs one query at a time:

- the parent waits at most the time limit plus :data:`GRACE_S` for the answer, parsing and
  planning included, then kills the worker and starts a new one;
- the worker's address space may grow by at most the limit's ``memory_mb``; a query that
  needs more fails with :class:`~jvgraph.errors.QueryTooLarge` and the worker is replaced;
- rows are capped by number and by bytes (as JSON); a row larger than the byte limit on its
  own is refused;
- a worker that dies (a crash of the engine) becomes a :class:`~jvgraph.errors.QueryError`
  for that query only; the next query gets a new worker.

Queries of different users run in different workers, in parallel; when every worker is
busy, a query waits for one until its time limit. Messages between the two processes are
length-prefixed JSON (never pickle: the parent does not trust what a worker sends beyond
its size and shape).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from jvgraph.config import Limits, query_workers
from jvgraph.errors import (
    JvgraphError,
    QueryError,
    QueryLimitExceeded,
    QueryRefused,
    QueryTooLarge,
    ReadOnlyViolation,
    StoreError,
)
from jvgraph.store.base import QueryResult

__all__ = ["GRACE_S", "QueryPool", "cap_rows"]

#: how long past its time limit a query may take before its worker is killed
GRACE_S = 1.0
#: how long a new worker may take to start and open the store
START_S = 60.0
_HEADER = struct.Struct(">I")
_ERRORS: dict[str, type[JvgraphError]] = {
    "refused": QueryRefused,
    "read_only": ReadOnlyViolation,
    "time": QueryLimitExceeded,
    "large": QueryTooLarge,
    "failed": QueryError,
    "store": StoreError,
}


# -- framing, shared by both ends ----------------------------------------------------------


def _write(out: IO[bytes], message: Mapping[str, Any]) -> None:
    body = json.dumps(message, default=_encode, ensure_ascii=False).encode("utf-8")
    out.write(_HEADER.pack(len(body)) + body)
    out.flush()


def _encode(value: Any) -> Any:
    """Dates and times as tagged ISO text (parameters); anything else as its text."""
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return str(value)


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1 and "$date" in obj:
        return dt.date.fromisoformat(obj["$date"])
    if len(obj) == 1 and "$datetime" in obj:
        return dt.datetime.fromisoformat(obj["$datetime"])
    return obj


def _read_exactly(stream: IO[bytes], size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def cap_rows(rows: Iterable[list[Any]], limits: Limits) -> tuple[list[list[Any]], bool]:
    """The rows that fit ``limits.max_rows`` and ``limits.max_bytes`` (as JSON), and whether
    any were left out; a first row larger than the byte limit is refused.

    >>> cap_rows(iter([[1], [2], [3]]), Limits(max_rows=2))
    ([[1], [2]], True)
    >>> cap_rows(iter([["x" * 10], ["y"]]), Limits(max_bytes=16))
    ([['xxxxxxxxxx']], True)
    """
    kept: list[list[Any]] = []
    size = 0
    for row in rows:
        if len(kept) == limits.max_rows:
            return kept, True
        size += len(json.dumps(row, default=str, ensure_ascii=False).encode("utf-8")) + 1
        if size > limits.max_bytes:
            if not kept:
                raise QueryTooLarge(
                    f"a row of the result is larger than the limit of {_size(limits.max_bytes)}"
                )
            return kept, True
        kept.append(row)
    return kept, False


def _size(nbytes: int) -> str:
    return f"{nbytes / 2**20:g} MiB" if nbytes >= 2**20 else f"{nbytes:,} bytes"


# -- the parent's side ---------------------------------------------------------------------


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, init: Mapping[str, Any]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jvgraph.store.query_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        try:
            _write(self.stdin, init)
            ready = self.receive(time.monotonic() + START_S, 1 << 20)
        except BaseException:
            self.kill()
            raise
        if "error" in ready:
            self.kill()
            raise _ERRORS.get(ready["error"], StoreError)(str(ready.get("message")))
        self.sandbox = str(ready.get("sandbox", ""))

    def receive(self, deadline: float, limit: int) -> dict[str, Any]:
        """The next message, or TimeoutError at ``deadline``, or EOFError if the worker died."""
        header = self._read(_HEADER.size, deadline)
        (size,) = _HEADER.unpack(header)
        if size > limit:
            raise EOFError(f"the worker sent {size:,} bytes, more than the {limit:,} expected")
        message = json.loads(self._read(size, deadline), object_hook=_decode)
        if not isinstance(message, dict):
            raise EOFError("the worker sent something other than a message")
        return message

    def _read(self, size: int, deadline: float) -> bytes:
        fd, data = self.stdout.fileno(), b""
        while len(data) < size:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(fd, size - len(data))
            if not chunk:
                raise EOFError("the worker stopped")
            data += chunk
        return data

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                pipe.close()

    def died(self) -> str:
        """How the worker ended, in words (after it stopped answering)."""
        try:
            code = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return "it stopped answering"
        if code < 0:
            try:
                return f"it was stopped by {signal.Signals(-code).name}"
            except ValueError:
                return f"it was stopped by signal {-code}"
        return f"it exited with status {code}"


class QueryPool:
    """Worker processes for the user queries of one store; ``init`` tells a worker what to
    open (``{"kind": "embedded", "path": ...}`` or ``{"kind": "bolt", "uri": ..., ...}``)."""

    def __init__(self, init: Mapping[str, Any], size: int | None = None) -> None:
        self._init = dict(init)
        self.size = size or query_workers()
        self._idle: list[_Worker] = []
        self._busy: list[_Worker] = []
        self._started = 0
        self._ready = threading.Condition()
        self._closed = False

    def run(self, statement: str, params: Mapping[str, Any] | None, limits: Limits) -> QueryResult:
        """Run one statement that the query guard let through, within ``limits``."""
        worker = self._acquire(time.monotonic() + limits.timeout_s)
        healthy = False
        try:
            reply = self._ask(worker, statement, params, limits)
            healthy = not reply.get("exit")
        finally:
            self._release(worker, healthy)
        if "error" in reply:
            raise _ERRORS.get(str(reply["error"]), QueryError)(str(reply.get("message")))
        return QueryResult(
            [str(c) for c in reply["columns"]], list(reply["rows"]), bool(reply["truncated"])
        )

    def _ask(
        self, worker: _Worker, statement: str, params: Mapping[str, Any] | None, limits: Limits
    ) -> dict[str, Any]:
        job = {"cypher": statement, "params": dict(params or {}), "limits": vars(limits)}
        try:
            _write(worker.stdin, job)
            return worker.receive(
                time.monotonic() + limits.timeout_s + GRACE_S, limits.max_bytes * 2 + (1 << 20)
            )
        except TimeoutError:
            worker.kill()
            raise QueryLimitExceeded(
                f"the query ran past its time limit of {limits.timeout_s:g} s and was stopped"
            ) from None
        except (EOFError, OSError, ValueError) as err:
            worker.kill()
            raise QueryError(
                f"the query engine failed on this query ({worker.died()}); the query was "
                "stopped, and other queries go on"
            ) from err

    def _acquire(self, deadline: float) -> _Worker:
        with self._ready:
            while not self._idle and self._started >= self.size:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise QueryLimitExceeded(
                        f"all {self.size} query workers stayed busy with other queries for the "
                        "query's whole time limit; try again shortly"
                    )
                self._ready.wait(left)
            if self._idle:
                worker = self._idle.pop()
                self._busy.append(worker)
                return worker
            self._started += 1
        try:
            worker = _Worker(self._init)
        except BaseException:
            with self._ready:
                self._started -= 1
                self._ready.notify()
            raise
        with self._ready:
            self._busy.append(worker)
        return worker

    def pids(self) -> dict[str, list[int]]:
        """The process ids of the idle and the busy workers."""
        with self._ready:
            return {
                "idle": [w.process.pid for w in self._idle],
                "busy": [w.process.pid for w in self._busy],
            }

    def _release(self, worker: _Worker, healthy: bool) -> None:
        with self._ready:
            self._busy.remove(worker)
            if healthy and not self._closed and worker.process.poll() is None:
                self._idle.append(worker)
            else:
                worker.kill()
                self._started -= 1
            self._ready.notify()

    def close(self) -> None:
        """Stop every idle worker (a busy one is stopped when its query returns)."""
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            self._started -= len(idle)
            self._ready.notify_all()
        for worker in idle:
            worker.kill()


# -- the worker's side ---------------------------------------------------------------------


def _frames(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    while True:
        header = _read_exactly(stream, _HEADER.size)
        if header is None:
            return
        body = _read_exactly(stream, _HEADER.unpack(header)[0])
        if body is None:
            return
        yield json.loads(body, object_hook=_decode)


def _serve() -> None:
    """The worker's loop: open what the first message names, then answer queries."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the messages
    frames = _frames(sys.stdin.buffer)
    init = next(frames, None)
    if init is None:
        return
    try:
        runner = _runner(init)
    except JvgraphError as err:
        _write(out, {"error": _kind(err), "message": str(err)})
        return
    _write(out, {"ready": True, "sandbox": runner.sandbox})
    for job in frames:
        reply = runner.run(str(job["cypher"]), job.get("params") or {}, Limits(**job["limits"]))
        _write(out, reply)
        if reply.get("exit"):
            return


def _kind(err: JvgraphError) -> str:
    for kind, cls in _ERRORS.items():
        if type(err) is cls:
            return kind
    return "store" if isinstance(err, StoreError) else "failed"


def _runner(init: Mapping[str, Any]) -> Any:
    if init.get("kind") == "embedded":
        from jvgraph.store.embedded import EmbeddedQueries

        return EmbeddedQueries(str(init["path"]), int(init.get("threads", 0)))
    from jvgraph.store.bolt import BoltQueries

    auth = init.get("auth")
    return BoltQueries(
        str(init["uri"]), tuple(auth) if auth else None, init.get("database") or None
    )


def answer(run: Any) -> dict[str, Any]:
    """A worker's reply: the result of ``run()`` (columns, rows, truncated), or the error
    it raised; ``exit`` asks for a new worker (after running out of memory)."""
    try:
        columns, rows, truncated = run()
    except MemoryError:
        return {"error": "large", "message": "the query ran out of memory", "exit": True}
    except QueryTooLarge as err:
        return {"error": "large", "message": str(err), "exit": "memory" in str(err)}
    except JvgraphError as err:
        return {"error": _kind(err), "message": str(err)}
    return {"columns": columns, "rows": rows, "truncated": truncated}


if __name__ == "__main__":
    _serve()
