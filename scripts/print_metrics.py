#!/usr/bin/env python3
"""Measures a talkbook PDF as a reader holding the printed book would see it (issue 13).

Reads the PDF back with PyMuPDF (character boxes, the outline, the page boxes) and, for
the dash joins, renders the dashes at high resolution. Prints one JSON object, or a short
table with --table. Used by tests/print.rs and by the figures in the README.

Usage: scripts/print_metrics.py BOOK.pdf [--table] [--list]

Figures (em = the body font size, taken as the most common glyph height on body pages):
  notched      inner lines (followed by a line of the same paragraph) whose last glyph is a
               closing mark whose ink stops short of the right edge by a quarter em or more
               (a full-width mark at line end leaves a half-em blank: a notch)
  dash_gaps    `——` pairs whose two glyphs do not join (white between their inks), and
               the widest such gap in points
  loosest      the widest extra gap between two neighbouring glyphs of a line, as a share
               of an em (the 1/4 em between Han and Latin is natural, not extra)
  short_pages  full body pages (not the last of their section) whose last baseline is at
               least half a line above the deepest last baseline of such pages
  spreads      facing pairs of full pages whose last baselines differ by a line or more
  margins      left/right margins of verso and recto body pages (the median)
  cpl          characters per line: the body measure in ems
  cover_text   characters of text on the cover page (0 when there is no cover)
  boxes        the page boxes of the first page
  title_page   the text lines of the title page (page 1), spaces removed
  colophon     the lines of the colophon (the last page): left edge and text
"""

import json
import statistics
import sys

import pymupdf

CLOSE = set("。．，、：；！？”’」』）》〉】〗〕］｝")
# Closing marks whose ink sits at the left of the em box (mainland style): at line end
# the right half is blank unless the mark is set half width or hangs.
DASHES = set("—―")


def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F


def is_latin(c):
    return c.isascii() and c.isalnum()


def body_lines(page):
    """Text lines of a page as lists of (char, x0, x1, baseline, size), top to bottom."""
    out = []
    raw = page.get_text("rawdict", flags=0)
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            chars = []
            for span in line["spans"]:
                for ch in span["chars"]:
                    chars.append((ch["c"], ch["bbox"][0], ch["bbox"][2], ch["origin"][1],
                                  span["size"]))
            if chars:
                out.append(chars)
    # PyMuPDF may split a line in blocks; merge by baseline.
    merged = {}
    for chars in out:
        key = round(chars[0][3], 1)
        merged.setdefault(key, []).extend(chars)
    lines = []
    for key in sorted(merged):
        chars = sorted(merged[key], key=lambda c: c[1])
        # Pieces of one baseline far apart (a key point's number and its text, a contents
        # entry and its page number) are separate lines.
        seg = [chars[0]]
        for c in chars[1:]:
            if c[1] - seg[-1][2] > 1.2 * c[4]:
                lines.append(seg)
                seg = []
            seg.append(c)
        lines.append(seg)
    lines.sort(key=lambda l: (l[0][3], l[0][1]))
    return lines


def section_starts(doc):
    """0-based page indexes where a section starts (outline entries of level 1)."""
    return {p - 1 for (lvl, _t, p) in doc.get_toc(simple=True) if lvl == 1 and p >= 1}


def mode(values, digits=1):
    """The most common value: the fullest bin of width 1 (ties: the smaller), refined as
    the median of the values in it (rounding must not split a cluster)."""
    values = list(values)
    if not values:
        return 0.0
    counts = {}
    for v in values:
        k = round(v)
        counts[k] = counts.get(k, 0) + 1
    best = max(counts.items(), key=lambda kv: (kv[1] + counts.get(kv[0] - 1, 0) / 2
                                               + counts.get(kv[0] + 1, 0) / 2, -kv[0]))[0]
    near = [v for v in values if abs(v - best) <= 0.75]
    return round(statistics.median(near), digits)


def dash_gap(page, a, b, baseline, size):
    """White between the inks of two neighbouring dash glyphs, in points (0 = joined)."""
    x0 = a[1] + (a[2] - a[1]) * 0.5
    x1 = b[1] + (b[2] - b[1]) * 0.5
    clip = pymupdf.Rect(x0, baseline - size * 0.8, x1, baseline + size * 0.1)
    dpi = 1200
    pix = page.get_pixmap(clip=clip, dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    w, h = pix.width, pix.height
    s = pix.samples
    # The dash's row: the darkest row across the clip.
    best_row, best_dark = 0, -1
    for y in range(h):
        row = s[y * w:(y + 1) * w]
        dark = sum(1 for v in row if v < 128)
        if dark > best_dark:
            best_row, best_dark = y, dark
    row = s[best_row * w:(best_row + 1) * w]
    run = longest = 0
    for v in row:
        run = run + 1 if v >= 128 else 0
        longest = max(longest, run)
    return longest * 72.0 / dpi


def measure(path, want_list=False):
    doc = pymupdf.open(path)
    starts = section_starts(doc)
    pages = [body_lines(p) for p in doc]
    sizes = [c[4] for lines in pages for line in lines for c in line]
    em = mode(sizes) if sizes else 10.5
    # Body lines: set at the body size, with at least 4 glyphs.
    body = [[l for l in lines if len(l) >= 4 and abs(l[len(l) // 2][4] - em) < 0.05]
            for lines in pages]
    all_body = [l for lines in body for l in lines]
    left = mode([l[0][1] for l in all_body])
    width = mode([l[-1][2] - l[0][1] for l in all_body])
    # Per page left edges (the gutter may differ on facing pages).
    page_left = {}
    for i, lines in enumerate(body):
        xs = [round(l[0][1], 1) for l in lines]
        # The text block's left edge: the leftmost start shared by three lines (key
        # points and quotes are inset, first lines indented).
        common = sorted(x for x in set(xs) if xs.count(x) >= 3)
        if len(xs) >= 5 and common:
            page_left[i] = common[0]
    pitch = mode([b[0][3] - a[0][3] for lines in body for a, b in zip(lines, lines[1:])])

    notched, loose, gaps, dash_pairs = [], [], [], 0
    for pi, lines in enumerate(body):
        lx = page_left.get(pi, left)
        right = lx + width
        for li, line in enumerate(lines):
            nxt = lines[li + 1] if li + 1 < len(lines) else None
            # An inner line: the next line continues the paragraph (starts flush left,
            # one pitch below).
            inner = (nxt is not None and abs(nxt[0][1] - lx) < 0.5
                     and abs(nxt[0][3] - line[0][3] - pitch) < 0.3)
            last = line[-1]
            if inner and last[0] in CLOSE:
                ink_end = last[1] + 0.5 * em
                if ink_end < right - 0.25 * em:
                    notched.append((pi + 1, "".join(c[0] for c in line)))
            worst = 0.0
            for a, b in zip(line, line[1:]):
                if a[0] in DASHES and b[0] == a[0]:
                    dash_pairs += 1
                    g = dash_gap(doc[pi], a, b, a[3], em)
                    if g > 0.05:
                        gaps.append((pi + 1, round(g, 2), "".join(c[0] for c in line)))
                if not inner:
                    continue
                gap = b[1] - a[2]
                if (is_han(a[0]) and is_latin(b[0])) or (is_latin(a[0]) and is_han(b[0])):
                    gap -= 0.25 * em
                worst = max(worst, gap)
            if inner:
                loose.append((worst / em, pi + 1, "".join(c[0] for c in line)))

    # Last baselines of full body pages: pages with body text, not the last page of their
    # section, not a section's first page (openings start lower).
    n = len(doc)
    # The printed page number decides recto (odd) and verso (even); a cover before the
    # title page is not numbered (its label is not a number).
    def number(i):
        label = doc[i].get_label()
        return int(label) if label.isdigit() else i + 1
    last_base = {}
    for i, lines in enumerate(body):
        # The last page is the colophon: the page before it ends the last chapter.
        if not lines or i + 2 >= n or (i + 1) in starts:
            continue
        if len(lines) < 5:
            continue
        # Any text of the type area counts (a figure note in smaller type too), not the
        # folio (digits only) nor the running head (above the first body line).
        top = min(l[0][3] for l in lines)
        texts = [l for l in pages[i]
                 if l[0][4] >= 0.86 * em and l[0][3] >= top
                 and not "".join(c[0] for c in l).strip().isdigit()]
        last_base[i] = max(l[0][3] for l in texts)
    deepest = max(last_base.values()) if last_base else 0.0
    short = sorted(i + 1 for i, b in last_base.items() if deepest - b >= 0.5 * pitch)
    spreads = []
    for i, b in last_base.items():
        # A verso (even number) faces the recto after it.
        if number(i) % 2 == 0 and (i + 1) in last_base and abs(last_base[i + 1] - b) >= pitch - 0.01:
            spreads.append(i + 1)
    spread_count = sum(1 for i in last_base if number(i) % 2 == 0 and (i + 1) in last_base)

    # Margins: recto = odd 1-based page number.
    pw = doc[0].rect.width
    verso, recto = [], []
    for i, lx in page_left.items():
        (recto if number(i) % 2 == 1 else verso).append((lx, pw - lx - width))
    med = lambda xs, k: round(statistics.median(x[k] for x in xs), 1) if xs else None
    loose.sort(reverse=True)
    cover_text = 0
    if doc.get_toc() and doc.get_toc()[0][2] == 1 and starts and 0 in starts:
        cover_text = len(doc[0].get_text().strip())
    p0 = doc[0]
    boxes = {
        "media": [round(v, 2) for v in p0.mediabox],
        "trim": [round(v, 2) for v in p0.trimbox] if p0.trimbox != p0.mediabox else None,
        "bleed": [round(v, 2) for v in p0.bleedbox] if p0.bleedbox != p0.mediabox else None,
    }
    # The title page: the page numbered 1; the colophon: the last page.
    title_index = next((i for i in range(n) if doc[i].get_label() == "1"), 0)
    text_of = lambda l: "".join(c[0] for c in l).replace(" ", "")
    title_page = [text_of(l) for l in pages[title_index]]
    colophon = [[round(l[0][1], 1), text_of(l)] for l in pages[n - 1]]
    result = {
        "pages": n,
        "em": em,
        "cpl": round(width / em, 1),
        "inner_lines": len(loose),
        "notched": len(notched),
        "dash_pairs": dash_pairs,
        "dash_gaps": len(gaps),
        "dash_gap_max_pt": max((g[1] for g in gaps), default=0.0),
        "loosest_em": round(loose[0][0], 3) if loose else 0.0,
        "lines_over_10pct": sum(1 for l in loose if l[0] > 0.10 + 1e-3),
        "full_pages": len(last_base),
        "short_pages": len(short),
        "spreads": spread_count,
        "spreads_apart": len(spreads),
        "margins": {
            "verso": {"left": med(verso, 0), "right": med(verso, 1)},
            "recto": {"left": med(recto, 0), "right": med(recto, 1)},
        },
        "cover_text": cover_text,
        "title_page": title_page,
        "colophon": colophon,
        "boxes": boxes,
    }
    if want_list:
        result["notched_lines"] = notched[:20]
        result["dash_gap_lines"] = gaps[:20]
        result["loosest_lines"] = [(round(a, 3), p, t) for a, p, t in loose[:10]]
        result["short_page_numbers"] = short
    return result


def table(r):
    m = r["margins"]
    return "\n".join([
        f"pages {r['pages']}, {r['cpl']} characters per line at {r['em']} pt",
        f"notched line ends        {r['notched']} of {r['inner_lines']} inner lines",
        f"`——` pairs not joined    {r['dash_gaps']} of {r['dash_pairs']} (widest gap {r['dash_gap_max_pt']} pt)",
        f"loosest line             {r['loosest_em'] * 100:.1f}% of an em per gap; {r['lines_over_10pct']} lines over 10%",
        f"full pages short         {r['short_pages']} of {r['full_pages']} end >= 0.5 line above the deepest",
        f"spreads apart            {r['spreads_apart']} of {r['spreads']} end >= 1 line apart",
        f"margins verso L/R        {m['verso']['left']} / {m['verso']['right']} pt",
        f"margins recto L/R        {m['recto']['left']} / {m['recto']['right']} pt",
        f"cover text               {r['cover_text']} characters",
        f"boxes                    {r['boxes']}",
    ])


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit(__doc__)
    r = measure(args[0], want_list="--list" in sys.argv)
    if "--table" in sys.argv:
        print(table(r))
        if "--list" in sys.argv:
            for k in ("notched_lines", "dash_gap_lines", "loosest_lines", "short_page_numbers"):
                print(k, json.dumps(r[k], ensure_ascii=False))
    else:
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
