"""A small Language Server Protocol client over stdio, for driving yaml-language-server.

JSON-RPC messages framed with Content-Length headers; one reader thread; requests from
the server (workspace/configuration and the like) are answered, so that it never waits
on us. Every wait has a timeout, and the server is always shut down and reaped.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

Json = dict[str, Any]


class LspError(RuntimeError):
    pass


class LanguageServer:
    def __init__(
        self,
        command: list[str],
        settings: dict[str, Any],
        root: Path,
        *,
        timeout: float = 30.0,
    ) -> None:
        self.command = command
        self.settings = settings  # section name ("yaml", "http", ...) -> its settings
        self.root = root
        self.timeout = timeout
        self.process: subprocess.Popen[bytes] | None = None
        self.diagnostics: dict[str, list[Json]] = {}
        self.configuration_requests = 0
        self._published: dict[str, int] = {}
        self._responses: dict[int, queue.Queue[Json]] = {}
        self._changed = threading.Condition()
        self._write_lock = threading.Lock()
        self._next_id = 0
        self._stderr: list[bytes] = []
        self._reader_error: BaseException | None = None

    # -- life cycle ------------------------------------------------------------------

    def __enter__(self) -> LanguageServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=self.root,
        )
        threading.Thread(target=self._read_loop, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        root_uri = self.root.resolve().as_uri()
        self.request("initialize", {
            "processId": None,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": self.root.name}],
            "capabilities": {
                # Without this capability the server never asks for its settings.
                "workspace": {"configuration": True, "workspaceFolders": True},
                # What VS Code says it supports, as far as these tests look.
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": False},
                    "completion": {"completionItem": {
                        "documentationFormat": ["markdown", "plaintext"],
                        "snippetSupport": True,
                    }},
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                },
            },
        })
        self.notify("initialized", {})
        # The server pulls its settings when initialized, and again on every
        # didChangeConfiguration; wait until it has asked, so documents opened later
        # are checked with them.
        self._wait(lambda: self.configuration_requests > 0, "the server to ask for settings")

    def stop(self) -> None:
        process = self.process
        if process is None:
            return
        try:
            if process.poll() is None and self._reader_error is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
                process.wait(timeout=10)
        except (LspError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
            for stream in (process.stdin, process.stdout, process.stderr):
                if stream is not None:
                    stream.close()
            self.process = None

    # -- messages ----------------------------------------------------------------------

    def request(self, method: str, params: Any, *, timeout: float | None = None) -> Any:
        with self._write_lock:
            self._next_id += 1
            ident = self._next_id
        answer: queue.Queue[Json] = queue.Queue(maxsize=1)
        self._responses[ident] = answer
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        try:
            message = answer.get(timeout=timeout or self.timeout)
        except queue.Empty:
            raise LspError(f"no answer to {method} in {timeout or self.timeout} s"
                           f"{self._stderr_tail()}") from None
        finally:
            self._responses.pop(ident, None)
        if "error" in message:
            raise LspError(f"{method} failed: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def open(self, uri: str, text: str, language: str = "yaml") -> None:
        self.notify("textDocument/didOpen", {
            "textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text},
        })

    def diagnostics_for(self, uris: list[str], *, timeout: float | None = None) -> dict[str, list]:
        """Wait until each document has had its diagnostics published at least once."""
        self._wait(lambda: all(uri in self._published for uri in uris),
                   f"diagnostics of {len(uris)} documents", timeout)
        with self._changed:
            return {uri: list(self.diagnostics[uri]) for uri in uris}

    def _wait(self, done: Callable[[], bool], what: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        with self._changed:
            while not done():
                if self._reader_error is not None:
                    raise LspError(f"the server's output broke off: {self._reader_error}"
                                   f"{self._stderr_tail()}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LspError(f"timed out waiting for {what}{self._stderr_tail()}")
                self._changed.wait(min(left, 0.5))

    def _send(self, message: Json) -> None:
        assert self.process is not None and self.process.stdin is not None
        body = json.dumps(message).encode("utf-8")
        with self._write_lock:
            self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.process.stdin.flush()

    def _read_loop(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        stream = self.process.stdout
        try:
            while True:
                message = _read_message(stream)
                if message is None:
                    raise EOFError("the server closed its output")
                self._dispatch(message)
        except BaseException as err:  # the waiting side reports it
            with self._changed:
                self._reader_error = err
                self._changed.notify_all()

    def _dispatch(self, message: Json) -> None:
        method = message.get("method")
        if method is None:  # a response to one of our requests
            answer = self._responses.get(message.get("id", -1))
            if answer is not None:
                answer.put(message)
            return
        if "id" in message:  # a request from the server: always answered
            result: Any = None
            if method == "workspace/configuration":
                items = message["params"]["items"]
                result = [self.settings.get(item.get("section", ""), None) for item in items]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
            if method == "workspace/configuration":
                # Counted once answered: what is sent after this reaches the server after
                # the settings.
                with self._changed:
                    self.configuration_requests += 1
                    self._changed.notify_all()
            return
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            with self._changed:
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self._published[params["uri"]] = self._published.get(params["uri"], 0) + 1
                self._changed.notify_all()

    def _drain_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line)
            del self._stderr[:-20]

    def _stderr_tail(self) -> str:
        tail = b"".join(self._stderr[-20:]).decode("utf-8", "replace").strip()
        return f"; the server said: {tail}" if tail else ""


def _read_message(stream: Any) -> Json | None:
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.lower() == "content-length":
            length = int(value.strip())
    if length is None:
        raise LspError("a message without Content-Length")
    body = stream.read(length)
    if len(body) < length:
        return None
    return json.loads(body.decode("utf-8"))
