#!/usr/bin/env bash
# Times the whole `talkbook build` (EPUB + PDF) of the default book from a cold process,
# and of transcripts 10× and 100× its size: median wall time of RUNS runs and peak RSS
# (GNU time). Where typst or pandoc are installed, runs them on the same text too.
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

# measure NAME CMD...: prints median wall seconds and max peak RSS over $runs runs.
measure() {
  local name=$1; shift
  local walls=() rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1
    read -r wall kb < "$work/time"
    walls+=("$wall")
    (( kb > rss )) && rss=$kb
  done
  local median
  median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-28s median %6.3f s   peak RSS %6.1f MB\n' "$name" "$median" "$(echo "$rss/1024" | bc -l)"
  echo "$median" > "$work/last"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "runs: $runs (median wall, max peak RSS)"
measure "talkbook 1x (epub+pdf)" $bin build -o "$work/out1"
t1=$(cat "$work/last")
measure "talkbook 1x epub only" $bin build --format epub -o "$work/out1e"
measure "talkbook 1x pdf only" $bin build --format pdf -o "$work/out1p"
measure "talkbook 10x (epub+pdf)" $bin build "$work/seed-10x.md" -c book.toml -o "$work/out10"
t10=$(cat "$work/last")
measure "talkbook 100x (epub+pdf)" $bin build "$work/seed-100x.md" -c book.toml -o "$work/out100"
t100=$(cat "$work/last")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "scaling: 10x/1x = $(ratio "$t10" "$t1"), 100x/1x = $(ratio "$t100" "$t1") (linear would be 10 and 100)"
ls -l "$work"/out1/*.epub "$work"/out1/*.pdf | awk '{printf "%-40s %8d bytes\n", $NF, $5}' | sed "s|$work/||"

if command -v pandoc >/dev/null; then
  measure "pandoc md -> epub" pandoc seeds/000_f78c835db4602e1d.txt -o "$work/pandoc.epub"
  echo "ratio pandoc/talkbook: $(ratio "$(cat "$work/last")" "$t1")"
fi
if command -v typst >/dev/null; then
  { echo '#set text(lang: "zh", font: "Noto Serif CJK SC")'; sed -e 's/^# /= /' -e 's/[*_#]//g' seeds/000_f78c835db4602e1d.txt; } > "$work/seed.typ"
  measure "typst compile (pdf)" typst compile "$work/seed.typ" "$work/typst.pdf"
  echo "ratio typst/talkbook: $(ratio "$(cat "$work/last")" "$t1")"
fi
