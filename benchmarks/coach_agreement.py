"""How often the coaches agree with people, and whether a small learned layer would do better.

The rules were written from tests/data/coach/bios.yaml and posts.yaml; the *-heldout sets were
never used to change them. To see what would lift agreement on unseen text, this also trains,
on the labelled sets only, one design fixed before looking at the held-out results: logistic
regression over lower-cased words and word pairs (a) alone and (b) with the rules' findings as
extra features. Pure Python, no model download; it is a measurement, not part of the course.

Results go to benchmarks/results/coach-agreement.json.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mystory.coach import review_bio, review_post  # noqa: E402
from tests.core.test_coach_labelled import CONTEXTS, agreement, labelled  # noqa: E402

RESULTS = Path(__file__).parent / "results"
Label = dict[str, Any]


def words(text: str) -> list[str]:
    found = re.findall(r"[a-z']+|[?!@#£]", (text or "").lower())
    return found + [f"{a}_{b}" for a, b in zip(found, found[1:], strict=False)]


def bio_features(label: Label, with_rules: bool) -> tuple[list[str], set[str]]:
    review = review_bio(label["text"] or "", label["platform"])
    problems = {f.rule for f in review.problems}
    rules = [f"rule:{f.rule}" for f in review.findings] + [f"ready:{review.ready}"]
    return (rules if with_rules else []) + words(label["text"]), problems


def post_features(label: Label, with_rules: bool) -> tuple[list[str], set[str]]:
    review = review_post(label["text"] or "", CONTEXTS[label["context"]])
    found = {f.rule for f in review.findings}
    rules = [f"rule:{f.rule}" for f in review.findings] + [f"kind:{review.kind}"]
    return (rules if with_rules else []) + words(label["text"]) + [label["context"]], found


def train(rows: list[tuple[list[str], bool]], epochs: int = 200, rate: float = 0.1,
          decay: float = 0.001) -> dict[str, float]:
    """Logistic regression by plain stochastic gradient descent."""
    weights: dict[str, float] = {}
    for _ in range(epochs):
        for features, wanted in rows:
            z = max(-30.0, min(30.0, sum(weights.get(k, 0.0) for k in features)))
            error = 1 / (1 + math.exp(-z)) - wanted
            for k in features:
                weights[k] = weights.get(k, 0.0) - rate * (error + decay * weights.get(k, 0.0))
    return weights


def says_yes(weights: dict[str, float], features: list[str]) -> bool:
    return sum(weights.get(k, 0.0) for k in features) > 0


def learned(name: str, with_rules: bool, share: float = 1.0) -> tuple[float, float]:
    """(agreement on the labelled set, on the held-out set) of the learned layer, trained on
    the first `share` of the labelled set (to see whether more labels would help)."""
    bios = name == "bios"
    features: Callable[[Label, bool], tuple[list[str], set[str]]] = \
        bio_features if bios else post_features
    every = labelled(name)
    weights = train([(features(x, with_rules)[0],
                      x["ready"] if bios else x["kind"] == "conversation")
                     for x in every[::max(1, round(1 / share))]])
    shares = []
    for part in (name, f"{name}-heldout"):
        agreed = 0
        for x in labelled(part):
            f, rules = features(x, with_rules)
            yes = says_yes(weights, f)
            if bios:
                problems = rules or {"no-passion"}
                agreed += yes == x["ready"] and (yes or not x.get("problem")
                                                 or x["problem"] in problems)
            else:
                kind = "conversation" if yes else "broadcast"
                agreed += kind == x["kind"] and not rules & set(x.get("must_not") or [])
        shares.append(agreed / len(labelled(part)))
    return shares[0], shares[1]


def main() -> None:
    results: dict[str, dict[str, list[float]]] = {}
    for name in ("bios", "posts"):
        results[name] = {
            "rules": [agreement(name)[0], agreement(f"{name}-heldout")[0]],
            "learned, words only": list(learned(name, with_rules=False)),
            "learned, words and rules": list(learned(name, with_rules=True)),
        }
        print(f"{name} ({len(labelled(name))} labelled, {len(labelled(name + '-heldout'))} "
              "held out)")
        for part in (4, 2):  # the same design on a quarter and a half of the labels
            results[name][f"learned, words only, 1/{part} of the labels"] = list(
                learned(name, with_rules=False, share=1 / part))
        for method, (seen, unseen) in results[name].items():
            print(f"  {method:40} labelled {seen:.3f}  held-out {unseen:.3f}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "coach-agreement.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
