#!/usr/bin/env python3
# Side by side, alternating: Typst timed cold (a fresh process that imports PyPI's `typst`
# and compiles, less a fresh process that only imports it) against cold talkbook builds of
# the seed (PDF only, EPUB + PDF, every output). Medians of N runs of each; the ratios are
# talkbook's time over Typst's.
# Usage: scripts/typst_side_by_side.py [N] [TALKBOOK]   (defaults 11, target/release/talkbook)
# Needs `pip install typst`; the Typst input is the seed with its Markdown marks removed,
# in the same CJK face (as scripts/bench.sh makes it).
import os, pathlib, re, statistics, subprocess, sys, tempfile, time

root = pathlib.Path(__file__).resolve().parent.parent
n = int(sys.argv[1]) if len(sys.argv) > 1 else 11
tb = sys.argv[2] if len(sys.argv) > 2 else str(root / "target/release/talkbook")
work = pathlib.Path(tempfile.mkdtemp())
seed = (root / "seeds/000_f78c835db4602e1d.txt").read_text(encoding="utf-8")
lines = [re.sub(r"[*_#]", "", re.sub(r"^# ", "= ", l)) for l in seed.splitlines()]
typ = work / "seed.typ"
typ.write_text('#set text(lang: "zh", font: "Noto Serif CJK SC")\n' + "\n".join(lines) + "\n", encoding="utf-8")


def run(cmd):
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return time.perf_counter() - t, ru.ru_utime + ru.ru_stime


imp, comp, pdf, both, full = [], [], [], [], []
load = os.getloadavg()
for _ in range(n):
    imp.append(run([sys.executable, "-c", "import typst"]))
    comp.append(run([sys.executable, "-c", f"import typst; typst.compile({str(typ)!r}, output={str(work / 't.pdf')!r})"]))
    pdf.append(run([tb, "build", "--format", "pdf", "-o", str(work / "pdf")]))
    both.append(run([tb, "build", "--format", "epub,pdf", "-o", str(work / "both")]))
    full.append(run([tb, "build", "-o", str(work / "all")]))
m = statistics.median
tw = m(w for w, _ in comp) - m(w for w, _ in imp)
tc = m(c for _, c in comp) - m(c for _, c in imp)
print(f"load {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after; {n} alternating runs, medians")
print(f"typst (cold): wall {tw * 1000:.0f} ms, cpu {tc * 1000:.0f} ms")
for name, xs in [("pdf only", pdf), ("epub+pdf", both), ("all outputs", full)]:
    w, c = m(x for x, _ in xs), m(y for _, y in xs)
    print(f"talkbook {name}: wall {w * 1000:.1f} ms, cpu {c * 1000:.1f} ms; "
          f"ratio wall {w / tw:.2f}, cpu {c / tc:.2f} (goal <= 0.25)")
