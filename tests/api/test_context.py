"""The API context runs the annotation pipeline one call at a time."""

from __future__ import annotations

import threading
import time

from ghatna.api.context import Context
from ghatna.config import Settings


def test_annotator_calls_from_many_threads_do_not_overlap() -> None:
    active, most = [0], [0]
    guard = threading.Lock()

    def annotator(record: object, settings: Settings) -> object:
        with guard:
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.01)  # long enough for the other threads to try to enter
        with guard:
            active[0] -= 1
        return record

    ctx = Context(Settings(), stores=None, annotator=annotator)  # type: ignore[arg-type]
    build = ctx.builder()
    out: list[object] = []
    threads = [threading.Thread(target=lambda i=i: out.append(build(i, ctx.settings))) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out) == list(range(8))  # type: ignore[type-var]
    assert most[0] == 1
