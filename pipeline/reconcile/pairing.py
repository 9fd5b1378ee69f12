"""Verdicts for every pair of claims, computed once per pair of distinct readings.

A group can hold thousands of claims of one quantity (every source repeating
AlexNet's 15.3%) but only a handful of distinct readings, so comparing claim
with claim is quadratic for nothing. A verdict depends only on what the
comparison reads, so members with the same *signature* form a class, two
classes are compared once, and the verdict is expanded to the members behind
it. The expansion is exact: a row gets the same claims, and quotes the same
first pair, as if every pair had been compared in order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.reconcile.comparison import Finding
from pipeline.reconcile.observations import Observation


@dataclass(frozen=True)
class Member:
    """One thing compared: a claim, or one document's (or statement's) credit list."""

    position: int | str  # its place in the pairwise order; a pair is (earlier, later)
    block: int | str  # members pair only across blocks; blocks never decrease with position
    signature: str  # members with equal signatures get equal verdicts
    obs: tuple[Observation, ...]


Compare = Callable[[Member, Member], Finding]


def once_per_signature(compare: Compare) -> Compare:
    """``compare``, run once per ordered pair of signatures; share it across a group's calls
    to :func:`pair_findings` so that per-document pairs reuse the cross-document verdicts."""
    verdicts: dict[tuple[str, str], Finding] = {}

    def verdict(x: Member, y: Member) -> Finding:
        key = (x.signature, y.signature)
        if key not in verdicts:
            verdicts[key] = compare(x, y)
        return verdicts[key]

    return verdict


def pair_findings(
    members: Sequence[Member], compare: Compare
) -> list[tuple[Finding, tuple[Observation, ...]]]:
    """The findings of all pairs (x earlier, y in a later block), one per ordered pair of classes.

    ``members`` come in pairwise order. Each finding carries the observations of its first
    pair, then those of every member in one of its pairs; findings come in the order of
    their first pairs, the order in which comparing every pair would have met them.
    """
    classes: dict[str, list[Member]] = defaultdict(list)
    for m in members:
        classes[m.signature].append(m)
    found = [
        _expand(xs, ys, compare)
        for xs in classes.values()
        for ys in classes.values()
        if xs[0].block < ys[-1].block
    ]
    found.sort(key=lambda item: item[0])
    return [(finding, obs) for _, finding, obs in found]


def _expand(xs: list[Member], ys: list[Member], compare: Compare):
    """The first pair of two classes (x from the earliest block, y from the next later one)
    and every member in a pair: x before the last y's block, y after the first x's."""
    x0 = xs[0]
    y0 = next(y for y in ys if y.block > x0.block)
    involved = [x for x in xs if x.block < ys[-1].block] + [y for y in ys if y.block > x0.block]
    obs = tuple(o for m in (x0, y0, *involved) for o in m.obs)
    return (x0.position, y0.position), compare(x0, y0), obs
