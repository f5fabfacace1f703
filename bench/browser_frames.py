"""Frame times of the WebGL view of the whole graph while it pans and zooms.

Imports the full Crunchbase graph (38k nodes, 64k relationships, from the shared data) or
loads ``--data DIR``, serves it on a loopback port, opens ``/static/bigview.html`` in
headless Chromium (Debian's, software WebGL unless the machine gives it a GPU), and moves
the camera every frame for ``--frames`` frames: a pan across the graph, then a zoom in and
out. It prints the time to the first drawing and the median and p95 of the
``requestAnimationFrame`` deltas.

    python bench/browser_frames.py [--data DIR] [--frames 60] [--width 1400 --height 900]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: moves the camera once per frame and records the deltas between frames
MOVE = """async (frames) => {
  const camera = window.bigview.renderer.getCamera();
  const start = camera.getState();
  const deltas = [];
  let previous = null;
  await new Promise((done) => {
    const step = (now) => {
      if (previous !== null) deltas.push(now - previous);
      previous = now;
      const i = deltas.length, half = frames / 2;
      if (i >= frames) { camera.setState(start); done(); return; }
      if (i < half) camera.setState({ x: start.x + 0.3 * (i / half - 0.5), y: start.y });
      else camera.setState({ x: start.x, y: start.y,
                             ratio: start.ratio * (1 - 0.8 * Math.sin(Math.PI * (i - half) / half)) });
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return deltas;
}"""


def measure(url: str, frames: int, width: int, height: int) -> tuple[float, list[float]]:
    from playwright.sync_api import sync_playwright
    from tests.browser import FLAGS, chromium_path

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        started = time.perf_counter()
        page.goto(url + "/static/bigview.html")
        page.wait_for_selector("body[data-state=ready]", timeout=600_000)
        page.evaluate("new Promise((done) => requestAnimationFrame(() => done()))")
        ready = time.perf_counter() - started
        renderer = page.evaluate(
            "(() => { const gl = document.createElement('canvas').getContext('webgl');"
            " const info = gl && gl.getExtension('WEBGL_debug_renderer_info');"
            " return info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : 'unknown'; })()"
        )
        print(f"  WebGL renderer: {renderer}")
        deltas = [float(d) for d in page.evaluate(MOVE, frames)]
        browser.close()
    return ready, deltas


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="a dataset folder (default: full Crunchbase)")
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    from tests.server import serving

    from jvgraph.api import create_app
    from jvgraph.explore import load_dataset
    from jvgraph.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            from tests.realdata import INVESTMENTS

            from jvgraph.importers import import_crunchbase

            data = Path(tmp) / "crunchbase"
            import_crunchbase(INVESTMENTS, data)
        with open_store(str(Path(tmp) / "store.db")) as store:
            counts = load_dataset(store, data)
            with serving(create_app(store)) as url:
                ready, deltas = measure(url, args.frames, args.width, args.height)
    ms = sorted(deltas)
    p95 = ms[max(0, int(len(ms) * 0.95) - 1)]
    print(f"\nWebGL view of {data.name}: {counts}")
    print(f"  page drawn {ready:.1f} s after it was opened ({args.width}x{args.height})")
    print(
        f"  frame time while panning and zooming: median {statistics.median(ms):.1f} ms, "
        f"p95 {p95:.1f} ms over {len(ms)} frames"
    )


if __name__ == "__main__":
    main()
