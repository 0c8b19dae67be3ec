"""Start-up cost of the pipeline with one shared KB against one KB per stage (CPU seconds, peak RSS).

    .venv/bin/python bench/pipeline/kb_sharing.py            # runs both, each in its own process

Four stages read the knowledge base (gazetteer, link, events, facts); ``registry.shared_kb`` loads
it once for all of them. The ``separate`` mode replaces it with a plain ``load_kb`` per stage, as
before, so the difference is what sharing saves per process (per batch worker).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def child(mode: str) -> None:
    """Build the full pipeline in this process and print its cost as JSON."""
    from ghatna import registry
    from ghatna.config import Settings
    from ghatna.pipeline import FULL_STAGES, Pipeline

    if mode == "separate":
        from ghatna.kb.knowledge import load_kb

        registry.shared_kb = load_kb  # type: ignore[assignment]  # one KB per stage, as before sharing
    t = time.process_time()
    Pipeline(Settings(), FULL_STAGES)
    print(json.dumps({"mode": mode, "cpu_seconds": round(time.process_time() - t, 2),
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))


def main() -> None:
    """Run each mode twice, alternating, in child processes, and print the figures."""
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    for mode in ("shared", "separate", "shared", "separate"):
        out = subprocess.run([sys.executable, __file__, "--child", mode], capture_output=True, text=True, check=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
