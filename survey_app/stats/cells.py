"""Small-cell suppression: which groups of a breakdown to hide so that no small group shows.

Pure rule over counts (no Flask, no DB); results/cells.py applies it to every breakdown.

1. Primary: a group with fewer than ``k`` responses is hidden.
2. Complementary: the total of a breakdown is shown, so "total minus the shown groups" is
   known. That remainder (the hidden groups plus any responses outside every group, the
   ``residual``) must itself hold none or at least ``k`` responses; while it holds 1 … k − 1,
   the smallest group still shown is hidden too (ties: the first name in sort order). In
   particular, when exactly one group is hidden and nothing else is in the remainder, the
   next-smallest group is hidden with it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

#: the default minimum cell size k (a community may set its own, 1 … 50)
DEFAULT_K = 5
MIN_K, MAX_K = 1, 50


def hidden_cells(counts: Mapping[str, int], k: int, residual: int = 0,
                 already: Iterable[str] = ()) -> set[str]:
    """Names of the groups to hide: those under k, then the complementary ones."""
    if k < MIN_K:
        raise ValueError("hidden_cells: k must be at least 1")
    hidden = {name for name, n in counts.items() if n < k} | (set(already) & set(counts))
    residual = max(0, int(residual))
    while True:
        remainder = residual + sum(counts[name] for name in hidden)
        shown = [name for name in counts if name not in hidden]
        if not 0 < remainder < k or not shown:
            return hidden
        hidden.add(min(shown, key=lambda name: (counts[name], name)))
