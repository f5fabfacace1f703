"""Synthetic datasets in the data contract, and the bundled ``jv-2026`` dataset.

:func:`generate` writes a dataset of any size (benchmarks use up to 12M
holdings); :func:`build_jv2026` writes ``graph/jv-2026``: the facts of the
seed article plus synthetic holdings from the same generator.
"""

from __future__ import annotations

from jvgraph.synth.generate import MEAN_PORTFOLIO, default_holdings, generate
from jvgraph.synth.jv2026 import build_jv2026
from jvgraph.synth.sample import SECTORS

__all__ = ["MEAN_PORTFOLIO", "SECTORS", "build_jv2026", "default_holdings", "generate"]
