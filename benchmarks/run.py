"""Benchmarks, each a ratio against a bare baseline measured in the same run.

Now: the cost of one autosave (atomic write with fsync, backup and lock) against a bare
``open().write()`` of the same JSON. Results go to benchmarks/results/*.json.
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from mystory.store import AnswerStore

RESULTS = Path(__file__).parent / "results"
RUNS = 200
ANSWER = "I fix boilers and I love my allotment. " * 20  # about 800 characters


def median_seconds(action, runs: int = RUNS) -> float:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_store() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = AnswerStore(folder / "welcome.answers.json", module="00-welcome")
        store.save("welcome-care-about", ANSWER)
        bare_path = folder / "bare.json"

        def bare(n: int) -> None:
            bare_path.write_text(json.dumps({"welcome-care-about": ANSWER + str(n)}))

        def save(n: int) -> None:
            store.save("welcome-care-about", ANSWER + str(n))

        baseline = median_seconds(bare)
        ours = median_seconds(save)
    return {"baseline_ms": baseline * 1000, "save_ms": ours * 1000, "ratio": ours / baseline}


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    figures = {"machine": platform.machine(), "python": platform.python_version(),
               "runs": RUNS, "answer_save": bench_store()}
    (RESULTS / "store.json").write_text(json.dumps(figures, indent=2) + "\n")
    s = figures["answer_save"]
    print(f"answer save: {s['save_ms']:.2f} ms median, bare write {s['baseline_ms']:.3f} ms, "
          f"ratio {s['ratio']:.1f}x")


if __name__ == "__main__":
    main()
