"""Build, cache and run llama.cpp's ``llama-server`` for integration tests.

Standard library only. Typical use::

    from tests.integration.llama_server.server import ensure_built, running_server

    paths = ensure_built()                       # ~10 min the first time, then instant
    with running_server(paths.chat_model, "tiny") as base_url:
        ...                                      # "http://127.0.0.1:PORT/v1"

The binary, the Qwen3 chat template, the tool venv (with ``gguf``) and the two
scripted models live under ``${LLMKIT_CACHE:-~/.cache/llmkit}/llama-server-0.3.36/``;
see ``build.sh`` and ``make_tiny_gguf.py`` next to this file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

LLAMA_CPP_PYTHON_VERSION = "0.3.36"
TEMPLATE_NAME = "Qwen-Qwen3-0.6B.jinja"

HERE = Path(__file__).resolve().parent
BUILD_SCRIPT = HERE / "build.sh"
MODEL_GENERATOR = HERE / "make_tiny_gguf.py"

HEALTH_TIMEOUT_S = 60.0
TERMINATE_GRACE_S = 5.0
PORT_ATTEMPTS = 3
LOG_TAIL_BYTES = 4000


@dataclass(frozen=True)
class Paths:
    """Where the cached llama-server artefacts live."""

    cache_dir: Path
    server: Path
    template: Path
    python: Path
    chat_model: Path
    tool_model: Path
    build_log: Path

    @classmethod
    def default(cls) -> Paths:
        root = Path(os.environ.get("LLMKIT_CACHE") or Path.home() / ".cache" / "llmkit")
        cache = root / f"llama-server-{LLAMA_CPP_PYTHON_VERSION}"
        return cls(
            cache_dir=cache,
            server=cache / "bin" / "llama-server",
            template=cache / TEMPLATE_NAME,
            python=cache / "venv" / "bin" / "python",
            chat_model=cache / "chat.gguf",
            tool_model=cache / "tool.gguf",
            build_log=cache / "build.log",
        )


def _tail(path: Path, limit: int = LOG_TAIL_BYTES) -> str:
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - limit))
            return f.read().decode("utf-8", errors="replace")
    except OSError as exc:
        return f"<cannot read {path}: {exc}>"


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _models_stamp(paths: Paths) -> str:
    """Same value build.sh writes: sha256 of the generator followed by the template."""
    digest = hashlib.sha256(MODEL_GENERATOR.read_bytes())
    digest.update(paths.template.read_bytes())
    return digest.hexdigest()


def _models_current(paths: Paths) -> bool:
    stamp = paths.cache_dir / "models.stamp"
    if not (paths.chat_model.is_file() and paths.tool_model.is_file() and stamp.is_file()):
        return False
    return stamp.read_text().strip() == _models_stamp(paths)


def ensure_built(*, force: bool = False) -> Paths:
    """Return the cached paths, running ``build.sh`` first if anything is missing.

    The first build compiles llama-server (about 10 minutes on 2 cores). Raises
    RuntimeError with the tail of the build output if the build fails.
    """
    paths = Paths.default()
    built = (
        _is_executable(paths.server)
        and paths.template.is_file()
        and _is_executable(paths.python)
        and _models_current(paths)
    )
    if force or not built:
        paths.cache_dir.mkdir(parents=True, exist_ok=True)
        log = paths.cache_dir / "build-sh.log"
        command = ["bash", str(BUILD_SCRIPT), *(["--force"] if force else [])]
        with log.open("wb") as out:
            result = subprocess.run(
                command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, check=False
            )
        if result.returncode != 0:
            raise RuntimeError(
                f"{BUILD_SCRIPT} failed with exit code {result.returncode}; "
                f"full output in {log}, compiler log in {paths.build_log}. "
                f"Last lines:\n{_tail(log)}"
            )
        for required in (paths.server, paths.template, paths.python):
            if not required.exists():
                raise RuntimeError(f"{BUILD_SCRIPT} succeeded but {required} is missing")
    return generate_models(paths)


def generate_models(paths: Paths | None = None, *, force: bool = False) -> Paths:
    """Write chat.gguf and tool.gguf into the cache dir unless they are already current.

    "Current" means present and made by this version of make_tiny_gguf.py from
    the cached template. Needs the tool venv and the template (see ensure_built).
    """
    paths = paths or Paths.default()
    if not force and _models_current(paths):
        return paths
    for script, target in (("chat", paths.chat_model), ("tool", paths.tool_model)):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        command = [
            str(paths.python),
            str(MODEL_GENERATOR),
            str(tmp),
            "--script",
            script,
            "--template",
            str(paths.template),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise RuntimeError(
                f"generating {target.name} failed (exit {result.returncode}):\n"
                f"{result.stdout[-LOG_TAIL_BYTES:]}{result.stderr[-LOG_TAIL_BYTES:]}"
            )
        os.replace(tmp, target)
    stamp_tmp = paths.cache_dir / f".models.stamp.{os.getpid()}.tmp"
    stamp_tmp.write_text(_models_stamp(paths) + "\n")
    os.replace(stamp_tmp, paths.cache_dir / "models.stamp")
    return paths


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=TERMINATE_GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class _PortInUseError(Exception):
    pass


def _wait_healthy(proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
    url = f"http://127.0.0.1:{port}/health"
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            tail = _tail(log)
            if "couldn't bind" in tail:  # lost the race for the port we picked
                raise _PortInUseError(tail)
            raise RuntimeError(
                f"llama-server exited with code {proc.returncode} before becoming healthy "
                f"on port {port}. Log tail:\n{tail}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == HTTPStatus.OK:
                    return
        except urllib.error.HTTPError as exc:  # 503 while the model is loading
            exc.close()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"llama-server on port {port} not healthy after {HEALTH_TIMEOUT_S:.0f} s. Log tail:\n{_tail(log)}"
            )
        time.sleep(0.05)


@contextlib.contextmanager
def running_server(
    model: Path,
    alias: str,
    *,
    api_key: str | None = None,
    ctx: int = 2048,
    slots: int = 2,
    server: Path | None = None,
    extra_args: Sequence[str] = (),
) -> Iterator[str]:
    """Run llama-server on a free 127.0.0.1 port; yield its base URL ``http://127.0.0.1:PORT/v1``.

    ``ctx`` is the total context, shared by ``slots`` parallel slots. The server
    is stopped on exit (SIGTERM, then SIGKILL after 5 s). ``server`` defaults to
    the cached binary, which must already be built (see ensure_built).
    """
    binary = server or Paths.default().server
    if not _is_executable(binary):
        raise RuntimeError(f"{binary} is missing: call ensure_built() first")
    if not model.is_file():
        raise RuntimeError(f"model {model} is missing: call ensure_built() first")
    fd, log_name = tempfile.mkstemp(prefix="llama-server-", suffix=".log")
    os.close(fd)
    log = Path(log_name)
    try:
        for attempt in range(1, PORT_ATTEMPTS + 1):
            port = _free_port()
            command = [
                str(binary),
                "-m", str(model),
                "--alias", alias,
                "--host", "127.0.0.1",
                "--port", str(port),
                "-c", str(ctx),
                "-np", str(slots),
                "-t", "1",
                "--no-webui",
                *(["--api-key", api_key] if api_key is not None else []),
                *extra_args,
            ]  # fmt: skip
            with log.open("wb") as out:
                proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
            try:
                try:
                    _wait_healthy(proc, port, log)
                except _PortInUseError as exc:
                    if attempt == PORT_ATTEMPTS:
                        raise RuntimeError(
                            f"llama-server could not bind a port after {attempt} tries:\n{exc}"
                        ) from None
                    continue
                yield f"http://127.0.0.1:{port}/v1"
                return
            finally:
                _stop(proc)
    finally:
        log.unlink(missing_ok=True)


def main() -> None:
    """Build if needed, then serve both models until interrupted (for manual poking)."""
    paths = ensure_built()
    with (
        running_server(paths.chat_model, "tiny") as chat_url,
        running_server(paths.tool_model, "tiny-tool") as tool_url,
    ):
        print(f"tiny      {chat_url}\ntiny-tool {tool_url}\nCtrl-C to stop", file=sys.stderr)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
