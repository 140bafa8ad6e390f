"""make anchors: record the current anchors in data/anchors.lock, refusing to drop one that has no redirect."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reiki.anchors import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
