"""Walls the operating system puts around a query worker process, after the query guard.

LadybugDB has no setting that switches off file access or extensions for a database or a
connection (its settings are threads, timeout, home directory, file search path, spilling
and checkpoints; a read-only database still runs ``COPY ... TO`` and ``LOAD FROM``), so a
worker that runs user queries on the embedded store confines itself with what Linux offers:

- **Landlock** (Linux 5.13 and later; :func:`confine`): the process may read only the
  store's folder and Python's own files, may write, create or remove no file at all, and
  (Landlock ABI 4, Linux 6.7) may open no TCP connection, so neither ``COPY ... TO``,
  ``LOAD FROM '/etc/passwd'`` nor ``INSTALL httpfs`` could work even if a query got past the
  guard. Where the kernel has no Landlock the worker says so and runs without it.
- **Resource limits** (:func:`limit_memory`, :func:`limit_files`): an address-space limit
  (``RLIMIT_AS``) so that a query that builds a huge list fails with "out of memory" instead
  of exhausting the machine, and a file-size limit of 0 bytes (``RLIMIT_FSIZE``).

The Landlock calls are made through ``ctypes`` (three system calls and one ``prctl``): the
Python bindings on PyPI are pre-releases, and the kernel interface is small and stable.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from collections.abc import Iterable

__all__ = [
    "confine",
    "landlock_abi",
    "lift_memory_limit",
    "limit_files",
    "limit_memory",
    "python_paths",
    "vm_size",
]

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on x86-64 and arm64
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH = 1
_CREATE_RULESET_VERSION = 1
# file-system rights (the first 13 are ABI 1; REFER is 2, TRUNCATE 3, IOCTL_DEV 5)
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_NET_CONNECT_AND_BIND = (1 << 0) | (1 << 1)  # ABI 4


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The Landlock ABI version the kernel offers; 0 where there is none (not Linux, an old
    kernel, or Landlock switched off)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        abi = int(
            _libc().syscall(_CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
        )
    except (OSError, AttributeError):
        return 0
    return max(abi, 0)


def confine(readable: Iterable[str]) -> str:
    """Let this process read only under ``readable`` (and write nothing, and connect
    nowhere where the kernel can refuse it); say what was done, in words."""
    abi = landlock_abi()
    if abi == 0:
        return "no Landlock in this kernel: file access is not confined"
    libc = _libc()
    fs = _FS_BY_ABI[max(k for k in _FS_BY_ABI if k <= abi)]
    attr = _RulesetAttr(fs, _NET_CONNECT_AND_BIND if abi >= 4 else 0)
    size = ctypes.sizeof(attr) if abi >= 4 else ctypes.sizeof(ctypes.c_uint64)
    ruleset = libc.syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if ruleset < 0:
        return f"Landlock refused a ruleset ({os.strerror(ctypes.get_errno())})"
    try:
        for path in sorted({os.path.realpath(p) for p in readable if os.path.exists(p)}):
            _allow_reading(libc, ruleset, path)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return "could not set no_new_privs: file access is not confined"
        if libc.syscall(_RESTRICT_SELF, ruleset, 0) != 0:
            return f"Landlock did not apply ({os.strerror(ctypes.get_errno())})"
    finally:
        os.close(ruleset)
    network = ", connects nowhere" if abi >= 4 else ""
    return f"Landlock ABI {abi}: reads only the store and Python, writes nothing{network}"


def _allow_reading(libc: ctypes.CDLL, ruleset: int, path: str) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rights = _READ_FILE | _EXECUTE | (_READ_DIR if os.path.isdir(path) else 0)
        rule = _PathBeneathAttr(rights, fd)
        libc.syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
    finally:
        os.close(fd)


def python_paths() -> list[str]:
    """What Python and its extension modules may still need to read: the interpreter's
    prefixes, the import path, the system's shared libraries and time zones."""
    paths = [sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path]
    paths += ["/usr/lib", "/usr/lib64", "/lib", "/lib64", "/usr/share/zoneinfo", "/dev/urandom"]
    return [p for p in paths if p and os.path.isabs(p)]


def vm_size() -> int:
    """The bytes of address space this process holds now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def limit_memory(extra_bytes: int) -> None:
    """Let this process grow its address space by at most ``extra_bytes`` from now (a soft
    limit, which the worker itself raises again before it opens a newer store)."""
    now = vm_size()
    if now:
        resource.setrlimit(resource.RLIMIT_AS, (now + extra_bytes, resource.RLIM_INFINITY))


def lift_memory_limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def limit_files() -> None:
    """No file this process writes may grow past 0 bytes."""
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails with EFBIG instead
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
