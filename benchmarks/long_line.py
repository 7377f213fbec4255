"""`transnorm fix` on one very long line of mojibake: time and peak memory.

A paragraph repeated into one line of the given sizes, encoded as UTF-8 and
decoded as windows-1252, then given to `transnorm fix -` in a child process:
Chinese with the five bytes windows-1252 does not define dropped (the lossy
damage ftfy cannot repair), and Portuguese (lossless, ftfy's ground).  Prints seconds, peak
resident memory and throughput per size; the goal is memory bounded by the
repair window (under 500 MB at 20 MB), not by the line.

Usage: python benchmarks/long_line.py [MB ...] (default: 2 20)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTUGUESE = (
    "Propomos um método simples e eficaz para comprimir grandes modelos de linguagem: a poda estruturada, "
    "combinada com a decomposição de baixo posto, reduz os parâmetros à metade sem perda de precisão. "
)
PARAGRAPH = (
    "本文提出了一种高效的大语言模型压缩方法，通过结构化剪枝和低秩分解相结合，在保持模型精度的同时将参数量减少了一半以上。"
    "我们在多个基准测试上验证了该方法的有效性，包括问答、摘要和代码生成任务，并与现有的量化方法进行了比较。"
)


def damaged(size_mb: float, paragraph: str = PARAGRAPH) -> bytes:
    raw = paragraph.encode("utf-8").decode("cp1252", errors="ignore")
    n = int(size_mb * 1_000_000 / len(raw.encode("utf-8"))) + 1
    return (raw * n + "\n").encode("utf-8")


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [2.0, 20.0]
    print(f"{'text':>10} {'size':>8} {'seconds':>8} {'peak MB':>8} {'MB/s':>6}")
    for kind, paragraph, mb in [(k, p, mb) for mb in sizes for k, p in (("Chinese", PARAGRAPH), ("Portuguese", PORTUGUESE))]:
        data = damaged(mb, paragraph)
        with tempfile.NamedTemporaryFile(suffix=".txt") as src:
            src.write(data)
            src.flush()
            t = time.perf_counter()
            r = subprocess.run(
                ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "transnorm", "fix", "--no-config", "-"],
                stdin=open(src.name, "rb"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            dt = time.perf_counter() - t
        peak = int(r.stderr.strip().splitlines()[-1]) / 1024
        print(f"{kind:>10} {len(data) / 1e6:7.1f}M {dt:8.1f} {peak:8.0f} {len(data) / 1e6 / dt:6.2f}" + ("" if r.returncode == 0 else f"  (exit {r.returncode})"))


if __name__ == "__main__":
    main()
