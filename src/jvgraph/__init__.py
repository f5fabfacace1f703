"""jvgraph: reach, overlap and concentration of AI joint ventures and the capital around them."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
