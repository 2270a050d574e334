"""Benchmarks, each a ratio against a bare baseline measured in the same run.

- one autosave (atomic write with fsync, backup and lock) against a bare ``write_text`` of the
  same JSON;
- the bio coach on a 160-character bio, and the post coach on a post, against ``str.lower`` on
  the same text (the cost of a bare Python call). Target: a median under 2 ms each.

Results go to benchmarks/results/*.json.
"""

from __future__ import annotations

import json
import platform
import statistics
import tempfile
import time
from pathlib import Path

from mystory.coach import review_bio, review_post
from mystory.core.store import AnswerStore

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


BIO = ("I fix boilers in Dudley and I love my allotment. Views are my own. Ask me about "
       "tomatoes, leading provider of solutions going forward! #garden #veg #grow " * 2)[:160]


def bench_coach() -> dict[str, float]:
    review_bio(BIO)  # word lists are read once per kernel; time the calls after that
    baseline = median_seconds(lambda _n: BIO.lower(), 2000)
    ours = median_seconds(lambda _n: review_bio(BIO, "x"), 2000)
    return {"chars": len(BIO), "baseline_us": baseline * 1e6, "review_bio_ms": ours * 1000,
            "ratio": ours / baseline, "target_ms": 2.0, "meets_target": ours * 1000 < 2.0}


POST = ("We're proud to announce our new community garden in Dudley! Thanks Pat and the "
        "volunteers. What should we call it? Read more www.oakhomes.example #garden")


def bench_post() -> dict[str, float]:
    review_post(POST)
    baseline = median_seconds(lambda _n: POST.lower(), 2000)
    ours = median_seconds(lambda _n: review_post(POST), 2000)
    return {"chars": len(POST), "baseline_us": baseline * 1e6, "review_post_ms": ours * 1000,
            "ratio": ours / baseline, "target_ms": 2.0, "meets_target": ours * 1000 < 2.0}


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    meta = {"machine": platform.machine(), "python": platform.python_version()}
    store = {**meta, "runs": RUNS, "answer_save": bench_store()}
    (RESULTS / "store.json").write_text(json.dumps(store, indent=2) + "\n")
    s = store["answer_save"]
    print(f"answer save: {s['save_ms']:.2f} ms median, bare write {s['baseline_ms']:.3f} ms, "
          f"ratio {s['ratio']:.1f}x")
    coach = {**meta, "review_bio": bench_coach(), "review_post": bench_post()}
    (RESULTS / "coach.json").write_text(json.dumps(coach, indent=2) + "\n")
    c = coach["review_bio"]
    print(f"review_bio ({c['chars']} chars): {c['review_bio_ms']:.3f} ms median, str.lower "
          f"{c['baseline_us']:.2f} µs, ratio {c['ratio']:.0f}x, target < 2 ms: "
          f"{'met' if c['meets_target'] else 'MISSED'}")
    c = coach["review_post"]
    print(f"review_post ({c['chars']} chars): {c['review_post_ms']:.3f} ms median, str.lower "
          f"{c['baseline_us']:.2f} µs, ratio {c['ratio']:.0f}x, target < 2 ms: "
          f"{'met' if c['meets_target'] else 'MISSED'}")


if __name__ == "__main__":
    main()
