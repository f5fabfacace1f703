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

from jvgraph.viz.html import COLOURS, offline, write_html

__all__ = ["COLOURS", "offline", "write_html"]
