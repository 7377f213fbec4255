"""Wall time of `transnorm check` on the bundled data (target: under 2 s).

Run: python benchmarks/check_speed.py [--repeat N]
Prints the best and median of N in-process runs after one warm-up (which
pays the one-off load of the language-model tables), and one cold run as a
new process, as CI sees it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from transnorm import checks
from transnorm.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cfg = load_config(ROOT / "transnorm.toml")
    checks.run(cfg)
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        checks.run(cfg)
        times.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "transnorm", "check"], cwd=ROOT, capture_output=True, check=True)
    cold = time.perf_counter() - t0
    print(f"check, in process: best {min(times):.2f} s, median {statistics.median(times):.2f} s (target < 2 s)")
    print(f"check, new process (CI): {cold:.2f} s")


if __name__ == "__main__":
    main()
