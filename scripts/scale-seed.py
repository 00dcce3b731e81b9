#!/usr/bin/env python3
"""Writes a transcript N times the seed's size: the seed's front matter once, then its
thirteen sections repeated with new section numbers (01 … 13N), so the parser sees one
long, well-formed interview. Usage: scale-seed.py N OUT"""
import re
import sys

n, out = int(sys.argv[1]), sys.argv[2]
seed = open("seeds/000_f78c835db4602e1d.txt", encoding="utf-8").read()
first = re.search(r"^01 ", seed, re.M).start()
front, body = seed[:first], seed[first:]
credit = "（编译/金鹿）"
body = body.rstrip().removesuffix(credit)
sections = re.split(r"^(?=\d{2} )", body, flags=re.M)
sections = [s for s in sections if s.strip()]
parts, number = [front], 1
for _ in range(n):
    for s in sections:
        parts.append(re.sub(r"^\d{2} ", f"{number:02d} ", s, count=1).rstrip() + "\n\n")
        number += 1
parts.append(credit + "\n")
open(out, "w", encoding="utf-8").write("".join(parts))
