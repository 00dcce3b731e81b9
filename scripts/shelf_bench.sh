#!/usr/bin/env bash
# Measures a shelf: the transcripts of ../shared/corpus/audreyt (20 of Audrey Tang's
# meetings), each copied COPIES times under new names (default 10: 200 books), built
#   1. by one `talkbook build books/ -o shelf/` (all cores),
#   2. by a shell loop of single `talkbook build` runs, one after another,
#   3. by the shelf again with nothing changed (every book skipped),
# and the shelf of the 20 originals alone, whose peak memory the 200-book shelf's must
# match if memory is bounded. Prints wall time, books per second, CPU time and peak RSS
# (GNU time), and the load average around it (the machine is shared).
# Usage: scripts/shelf_bench.sh [COPIES]   (needs GNU time: apt-get install time)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-10}
corpus=${CORPUS:-../shared/corpus/audreyt}   # a worktree elsewhere: CORPUS=/path/to/audreyt
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
cargo build --release --quiet
bin=$PWD/target/release/talkbook
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/books" "$work/twenty"
for f in "$corpus"/*.md; do
  name=$(basename "$f" .md)
  cp "$f" "$work/twenty/$name.md"
  for i in $(seq "$copies"); do cp "$f" "$work/books/$name-copy$i.md"; done
done
n=$(ls "$work/books" | wc -l)

# timed NAME CMD...: runs CMD under GNU time; prints wall s, books/s, CPU s, peak RSS MB.
timed() {
  local name=$1 books=$2; shift 2
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || true
  read -r wall user sys rss <"$work/time"
  awk -v n="$name" -v b="$books" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
    printf "| %s | %d | %.1f s | %.2f | %.1f s | %.0f MB |\n", n, b, w, b / w, u + s, r / 1024 }'
}

echo "nproc: $(nproc); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | books | wall | books/s | CPU | peak RSS |"
echo "|---|---|---|---|---|---|"
timed "shelf, one process ($(nproc) at once)" "$n" "$bin" build "$work/books" -o "$work/shelf"
grep -E "built|failed" "$work/out" | tail -1 >&2
timed "shell loop of single builds" "$n" bash -c "for f in '$work'/books/*.md; do \
  '$bin' build \"\$f\" -o '$work'/loop/\$(basename \"\$f\" .md) >/dev/null 2>&1 || exit 1; done"
timed "shelf again, nothing changed" "$n" "$bin" build "$work/books" -o "$work/shelf"
grep -E "unchanged" "$work/out" | tail -1 >&2
timed "shelf of the 20 originals" 20 "$bin" build "$work/twenty" -o "$work/shelf20"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
du -sh "$work/shelf" | awk '{print "shelf size: " $1}'
