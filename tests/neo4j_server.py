"""A real Neo4j Community server for tests, started in-process by a small Java launcher.

No Docker: ``tests/neo4j-server`` is a Maven project whose one ``main`` opens Neo4j's
embedded API with the Bolt connector on 127.0.0.1 and authentication off (see its
README.md). This module builds it when needed and runs it::

    from tests.neo4j_server import Neo4jTestServer, java_available

    with Neo4jTestServer() as server:        # builds on first use, ~10 s to start
        driver = neo4j.GraphDatabase.driver(server.uri)   # bolt://127.0.0.1:PORT, no auth

``python tests/neo4j_server.py [PORT]`` starts one by hand and waits for Ctrl-C.
``JVGRAPH_MAVEN_REPO`` points Maven at another local repository (``-Dmaven.repo.local``),
so that CI can cache the downloaded artifacts.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Self

PROJECT_DIR = Path(__file__).resolve().parent / "neo4j-server"
TARGET_DIR = PROJECT_DIR / "target"
JAR = TARGET_DIR / "neo4j-test-server.jar"
LIB_DIR = TARGET_DIR / "lib"
BUILD_STAMP = TARGET_DIR / ".jvgraph-built"
MAIN_CLASS = "jvgraph.testserver.Neo4jTestServer"
MAVEN_REPO_ENV = "JVGRAPH_MAVEN_REPO"
URI_PREFIX = "BOLT_URI="

# The flags Neo4j's own neo4j.conf passes to the JVM, plus a modest heap.
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "-Xms128m",
)
MIN_JAVA = 17
BUILD_TIMEOUT_S = 1800.0
OUTPUT_TAIL_LINES = 80


def _java() -> str | None:
    """The java executable: $JAVA_HOME/bin/java if set, else the first on PATH."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("java")


def java_available() -> bool:
    """True when a Java 17+ runtime can be started (the launcher needs it)."""
    java = _java()
    if java is None:
        return False
    try:
        result = subprocess.run(
            [java, "-XshowSettings:properties", "-version"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    if result.returncode != 0:
        return False
    for line in result.stderr.splitlines():
        key, _, value = line.strip().partition(" = ")
        if key == "java.specification.version":
            try:
                return int(value.split(".")[0]) >= MIN_JAVA
            except ValueError:
                return False
    return False


def maven_available() -> bool:
    """True when ``mvn`` is on PATH (needed only while the launcher is not built)."""
    return shutil.which("mvn") is not None


def _sources() -> list[Path]:
    return [PROJECT_DIR / "pom.xml", *sorted((PROJECT_DIR / "src").rglob("*.java"))]


def is_built() -> bool:
    """True when the jar and its libraries exist and are newer than the pom and sources."""
    if not (JAR.is_file() and BUILD_STAMP.is_file() and LIB_DIR.is_dir()):
        return False
    built_at = BUILD_STAMP.stat().st_mtime
    return all(source.stat().st_mtime <= built_at for source in _sources())


_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def _tail(text: str, lines: int = OUTPUT_TAIL_LINES) -> str:
    """The last ``lines`` lines of ``text``, without the colour codes Maven prints even with -B."""
    return "\n".join(_ANSI_ESCAPE.sub("", text).splitlines()[-lines:])


def ensure_built(maven_repo: Path | None = None) -> Path:
    """Build the launcher with ``mvn -q -B package`` unless it is up to date; return its jar.

    ``maven_repo`` (or else ``$JVGRAPH_MAVEN_REPO``) becomes ``-Dmaven.repo.local``.
    The first build downloads Neo4j from Maven Central (about 100 MB). Concurrent
    callers (pytest-xdist workers) wait on a file lock instead of building twice.
    """
    if is_built():
        return JAR
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    with (TARGET_DIR / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_built():
            return JAR
        mvn = shutil.which("mvn")
        if mvn is None:
            raise RuntimeError(
                f"Maven (mvn) is not on PATH: cannot build the Neo4j test server in {PROJECT_DIR}"
            )
        command = [mvn, "-q", "-B", "package"]
        repo = maven_repo if maven_repo is not None else os.environ.get(MAVEN_REPO_ENV)
        if repo:
            command.append(f"-Dmaven.repo.local={Path(repo).expanduser().resolve()}")
        BUILD_STAMP.unlink(missing_ok=True)
        try:
            result = subprocess.run(
                command,
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=BUILD_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"{' '.join(command)} in {PROJECT_DIR} took over {BUILD_TIMEOUT_S:.0f} s"
            ) from exc
        if result.returncode != 0 or not JAR.is_file():
            raise RuntimeError(
                f"building the Neo4j test server failed ({' '.join(command)} in {PROJECT_DIR},"
                f" exit code {result.returncode}):\n{_tail(result.stdout + result.stderr)}"
            )
        BUILD_STAMP.touch()
    return JAR


class Neo4jTestServer:
    """A throw-away Neo4j server: fresh home directory, Bolt on 127.0.0.1, no auth.

    ``start()`` builds the launcher if needed, starts the JVM and waits for Neo4j to
    report its Bolt port; ``uri`` is then ``bolt://127.0.0.1:PORT``. ``stop()`` sends
    SIGTERM (Neo4j shuts down cleanly), kills the JVM if it hangs, and deletes the home
    directory. The JVM also exits on its own, deleting its home, if this Python process
    dies (it watches its standard input for end-of-file).
    """

    def __init__(
        self,
        port: int = 0,
        *,
        startup_timeout: float = 120.0,
        stop_timeout: float = 60.0,
        heap: str = "512m",
        page_cache_mib: int = 64,
        maven_repo: Path | None = None,
    ) -> None:
        self.port = port
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self.heap = heap
        self.page_cache_mib = page_cache_mib
        self.maven_repo = maven_repo
        self.startup_seconds: float | None = None
        self._uri: str | None = None
        self._home: Path | None = None
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._ready = threading.Event()
        self._output: collections.deque[str] = collections.deque(maxlen=OUTPUT_TAIL_LINES)

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:PORT`` of the running server."""
        if self._uri is None:
            raise RuntimeError("the Neo4j test server is not running: call start() first")
        return self._uri

    @property
    def home(self) -> Path | None:
        """The server's temporary home directory (data, logs) while it runs."""
        return self._home

    @property
    def pid(self) -> int | None:
        """The JVM's process id while it runs."""
        return self._process.pid if self._process is not None else None

    @property
    def output(self) -> str:
        """The last lines the JVM printed (stdout and stderr), for error messages."""
        return "\n".join(self._output)

    def command(self, home: Path) -> list[str]:
        """The java command line that runs the launcher with ``home`` as Neo4j's home."""
        java = _java()
        if java is None:
            raise RuntimeError("no java executable found (set JAVA_HOME or put java on PATH)")
        classpath = os.pathsep.join([str(JAR), str(LIB_DIR / "*")])
        return [
            java,
            *JVM_FLAGS,
            f"-Xmx{self.heap}",
            f"-Djvgraph.pageCacheMiB={self.page_cache_mib}",
            "-Djvgraph.exitOnStdinEof=true",
            "-Djvgraph.deleteHomeOnExit=true",
            "-cp",
            classpath,
            MAIN_CLASS,
            str(home),
            str(self.port),
        ]

    def start(self) -> Self:
        if self._process is not None:
            raise RuntimeError("the Neo4j test server is already started")
        ensure_built(self.maven_repo)
        self._home = Path(tempfile.mkdtemp(prefix="jvgraph-neo4j-"))
        self._ready.clear()
        self._output.clear()
        began = time.monotonic()
        self._process = subprocess.Popen(
            self.command(self._home),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            bufsize=1,
            start_new_session=True,  # Ctrl-C reaches Python, which then stops the server
        )
        assert self._process.stdout is not None
        self._reader = threading.Thread(
            target=self._read, args=(self._process.stdout,), name="neo4j-test-server", daemon=True
        )
        self._reader.start()
        self._ready.wait(self.startup_timeout)
        if self._uri is None:
            if self._ready.is_set():  # its output ended: the JVM is exiting
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self._process.wait(10)
            code = self._process.poll()
            state = (
                f"did not report its Bolt port within {self.startup_timeout:.0f} s"
                if code is None
                else f"exited with status {code} before reporting its Bolt port"
            )
            self.stop()
            raise RuntimeError(f"the Neo4j test server {state}; its output:\n{self.output}")
        self.startup_seconds = time.monotonic() - began
        return self

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            line = line.rstrip("\n")
            if self._uri is None and line.startswith(URI_PREFIX):
                self._uri = line[len(URI_PREFIX) :].strip()
                self._ready.set()
            else:
                self._output.append(line)
        self._ready.set()  # end of output: the JVM is gone, stop waiting

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after ``stop_timeout``); idempotent."""
        process = self._process
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGTERM)
                try:
                    process.wait(self.stop_timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            if self._reader is not None:
                self._reader.join(10)
            if process.stdout is not None:
                process.stdout.close()
        self._process = None
        self._reader = None
        self._uri = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    @property
    def returncode(self) -> int | None:
        """The JVM's exit status once it has exited, else None."""
        return self._process.poll() if self._process is not None else None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    """Start a server by hand: ``python tests/neo4j_server.py [PORT]``; Ctrl-C stops it."""
    port = int(argv[1]) if len(argv) > 1 else 0

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # SIGTERM, and SIGINT even where the shell started us with it ignored, stop cleanly
    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)
    print("building/starting Neo4j ...", file=sys.stderr, flush=True)
    with Neo4jTestServer(port) as server:
        print(server.uri, flush=True)
        print(
            f"started in {server.startup_seconds:.1f} s, home {server.home}; Ctrl-C stops it",
            file=sys.stderr,
            flush=True,
        )
        try:
            while server.returncode is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        else:
            print(f"the server exited by itself:\n{server.output}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
