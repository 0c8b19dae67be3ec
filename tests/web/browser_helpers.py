"""What the browser tests share: the system browser's path and flags, the artefact folder, a test server."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path
from typing import Iterator

from ghatna.config import Settings

BROWSER = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SAMPLES = ("000_cb69fbd326acacde", "002_5b730da54bd7f90e")


def _free_port() -> int:
    """Return a port nobody listens on now (loopback only)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(settings: Settings) -> Iterator[str]:
    """Run the app with uvicorn in a thread; yield its base URL; stop it afterwards."""
    import uvicorn

    from ghatna.api.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


