"""Self-contained HTML views of a subgraph, drawn with pyvis, that open offline.

>>> import tempfile, pathlib
>>> doc = {"nodes": [{"id": "v", "label": "Vendor", "name": "V", "properties": {}}],
...        "edges": []}
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_html(doc, pathlib.Path(tmp) / "v.html", title="demo")
...     "cdn." in path.read_text()
False
"""

from __future__ import annotations

from pathlib import Path

from jvgraph.viz.html import COLOURS, offline, write_html

__all__ = ["ASSETS", "COLOURS", "SIGMA", "VIS_NETWORK", "offline", "write_html"]

#: vendored browser assets (vis-network 10.1.2, MIT or Apache-2.0; see its licence file)
ASSETS = Path(__file__).resolve().parent / "assets"
VIS_NETWORK = ASSETS / "vis-network.min.js"
#: the WebGL view of the whole graph: sigma 3.0.3 with graphology 0.26.0 (both MIT), one
#: esbuild IIFE bundle defining ``Sigma`` and ``graphology.Graph`` (docs/webgl.md)
SIGMA = ASSETS / "sigma-graphology.min.js"
