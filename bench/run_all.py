"""`make bench`: every benchmark, one after the other. Prints numbers, asserts nothing.

Heavy: N=10,000 pages and N=100,000 synthetic articles take many minutes on two cores.
Pass --quick for the 1,000-article figures only.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(*args: str) -> None:
    print(f"$ {' '.join(args)}", flush=True)
    subprocess.run([sys.executable, *args], cwd=HERE.parent, check=False)


def main() -> None:
    quick = "--quick" in sys.argv
    pipeline = str(HERE / "bench_pipeline.py")
    run(pipeline, "feeds", "1000", *([] if quick else ["10000"]))
    run(pipeline, "throughput", "1000")
    run(pipeline, "stages", "300")
    run(pipeline, "unchanged", "1000")
    run(pipeline, "growth", "1000", "10000", *([] if quick else ["100000"]))
    run(str(HERE / "bench_load.py"), "10000" if quick else "100000")
    run(str(HERE / "bench_clean.py"), "costs")
    for other in ("bench_queries.py", "bench_extract.py"):  # other engineers' benchmarks, when present
        if (HERE / other).exists():
            run(str(HERE / other))


if __name__ == "__main__":
    main()
