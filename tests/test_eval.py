"""The scanner's accuracy on the labelled corpus may not slip below its targets (see tests/corpus/README.md)."""

from __future__ import annotations

from tests.corpus.evaluate import TARGETS, evaluate


def test_accuracy_meets_the_targets() -> None:
    scores, count = evaluate()
    assert count >= 60
    report = {c: (round(s.precision, 3), round(s.recall, 3), s.false_positives[:5], s.misses[:5]) for c, s in scores.items()}
    for category, (precision, recall) in TARGETS.items():
        score = scores[category]
        assert score.precision >= precision and score.recall >= recall, (category, report[category])
