"""Synthetic datasets in the data contract, and the bundled illustrative dataset.

:func:`generate` writes a dataset of any size (benchmarks use up to 12M
holdings); :func:`build_illustrative` writes ``graph/jv-2026-illustrative``: a made-up
graph shaped like the two 2026 JVs, every row ``source=synthetic``.
"""

from __future__ import annotations

from jvgraph.synth.generate import MEAN_PORTFOLIO, default_holdings, generate
from jvgraph.synth.illustrative import build_illustrative
from jvgraph.synth.sample import SECTORS

__all__ = ["MEAN_PORTFOLIO", "SECTORS", "build_illustrative", "default_holdings", "generate"]
