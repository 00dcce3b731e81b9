#!/usr/bin/env bash
# Times the whole `talkbook build` (EPUB + PDF) of the default book from a cold process,
# and of transcripts 10× and 100× its size: median (and fastest) wall time and median CPU
# time of RUNS runs, and the largest peak RSS; the load average before and after. Where typst or pandoc are installed, runs
# them on the same text too and prints the ratios. Checks the 100× PDF's fonts are subset.
# Usage: scripts/bench.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cargo build --release --quiet
bin=target/release/talkbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 scripts/scale-seed.py 10 "$work/seed-10x.md"
python3 scripts/scale-seed.py 100 "$work/seed-100x.md"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
minimum() { sort -n | head -1; }

# run1 CMD...: one cold run; prints wall and CPU (user+sys) seconds and peak RSS in KB,
# at microsecond resolution (GNU time's 10 ms steps are too coarse for a 50 ms build).
run1() {
  python3 - "$@" <<'PY'
import os, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t
if status != 0:
    sys.exit(f"failed: {' '.join(sys.argv[1:])}")
print(f"{wall:.4f} {ru.ru_utime + ru.ru_stime:.4f} {ru.ru_maxrss}")
PY
}

# measure NAME CMD...: median (and fastest) wall, median CPU, max peak RSS over $runs runs.
measure() {
  local name=$1; shift
  local walls=() cpus=() rss=0
  for _ in $(seq "$runs"); do
    read -r wall cpu kb < <(run1 "$@")
    walls+=("$wall")
    cpus+=("$cpu")
    (( kb > rss )) && rss=$kb
  done
  local wall cpu fastest
  wall=$(printf '%s\n' "${walls[@]}" | median)
  fastest=$(printf '%s\n' "${walls[@]}" | minimum)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  printf '%-26s wall %7.3f s (fastest %6.3f)   cpu %7.3f s   peak RSS %7.1f MB\n' "$name" \
    "$wall" "$fastest" "$cpu" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')"
  echo "$wall $rss" > "$work/last"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "runs: $runs (median wall and CPU time, max peak RSS)"
# A first build into a folder draws the cover; the runs measure rebuilds, which take it
# from the folder's cache.
for d in out1 out1e out1p; do $bin build -o "$work/$d" >/dev/null; done
$bin build "$work/seed-10x.md" -c book.toml -o "$work/out10" >/dev/null
$bin build "$work/seed-100x.md" -c book.toml -o "$work/out100" >/dev/null
measure "1x epub+pdf" $bin build -o "$work/out1"
read -r t1 r1 < "$work/last"
measure "1x epub only" $bin build --format epub -o "$work/out1e"
measure "1x pdf only" $bin build --format pdf -o "$work/out1p"
measure "10x epub+pdf" $bin build "$work/seed-10x.md" -c book.toml -o "$work/out10"
read -r t10 r10 < "$work/last"
measure "100x epub+pdf" $bin build "$work/seed-100x.md" -c book.toml -o "$work/out100"
read -r t100 r100 < "$work/last"
echo "time ratios: 10x/1x = $(ratio "$t10" "$t1"), 100x/1x = $(ratio "$t100" "$t1") (linear: 10 and 100)"
echo "RSS ratios:  10x/1x = $(ratio "$r10" "$r1"), 100x/1x = $(ratio "$r100" "$r1")"
for d in out1 out10 out100; do
  for f in "$work/$d"/*; do
    printf '%-8s %-24s %10d bytes\n' "$d" "$(basename "$f")" "$(stat -c %s "$f")"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v pdffonts >/dev/null; then
  echo "100x PDF fonts:"; pdffonts "$work"/out100/*.pdf | sed 's/^/  /'
fi

if command -v pandoc >/dev/null; then
  measure "pandoc md -> epub" pandoc seeds/000_f78c835db4602e1d.txt -o "$work/pandoc.epub"
  read -r tp _ < "$work/last"
  echo "ratio pandoc/talkbook (epub+pdf): $(ratio "$tp" "$t1")"
else
  echo "pandoc: not installed (skipped)"
fi
# Typst, on the same text in the same CJK face: the `typst` command, or else PyPI's `typst`
# module (the same compiler in Python: `pip install typst`), with the interpreter's start
# and the module's import not counted against it.
{ echo '#set text(lang: "zh", font: "Noto Serif CJK SC")'; sed -e 's/^# /= /' -e 's/[*_#]//g' seeds/000_f78c835db4602e1d.txt; } > "$work/seed.typ"
measure "1x pdf only (again)" $bin build --format pdf -o "$work/out1p"
read -r tpdf _ < "$work/last"
if command -v typst >/dev/null; then
  measure "typst compile (pdf)" typst compile "$work/seed.typ" "$work/typst.pdf"
  read -r tt _ < "$work/last"
elif python3 -c 'import typst' 2>/dev/null; then
  # Cold, as talkbook is measured: a fresh Python that imports typst and compiles, less a
  # fresh Python that only imports it (in one process, Typst's memoisation makes every
  # compile after the first a warm rebuild). Alternating runs, medians.
  tt=$(python3 - "$work/seed.typ" "$work/typst.pdf" "$runs" <<'PY'
import os, statistics, subprocess, sys, time
src, out, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
def cold(code):
    t = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"failed: {code}")
    return time.perf_counter() - t, ru.ru_utime + ru.ru_stime
imp, comp = [], []
for _ in range(runs):
    imp.append(cold("import typst"))
    comp.append(cold(f"import typst; typst.compile({src!r}, output={out!r})"))
m = statistics.median
wall = m(w for w, _ in comp) - m(w for w, _ in imp)
cpu = m(c for _, c in comp) - m(c for _, c in imp)
import typst
print(f"{wall:.4f}")
print(f"typst {typst.__version__} (PyPI module, cold: fresh process less its import) wall {wall:.3f} s   cpu {cpu:.3f} s", file=sys.stderr)
PY
)
else
  tt=""
  echo "typst: not installed (skipped; pip install typst)"
fi
if [ -n "$tt" ]; then
  echo "talkbook 1x pdf only / typst pdf: $(awk -v a="$tpdf" -v b="$tt" 'BEGIN { printf "%.2f", a / b }') (target <= 0.25)"
  echo "talkbook 1x epub+pdf / typst pdf: $(awk -v a="$t1" -v b="$tt" 'BEGIN { printf "%.2f", a / b }') (target <= 0.25)"
  printf 'typst.pdf %d bytes\n' "$(stat -c %s "$work/typst.pdf")"
fi
