#!/usr/bin/env bash
# Seeds the importer's fuzz corpus, fuzz/corpus/import/ (not committed: the
# fuzzer adds to it), from the extracted text of 2023年第09期: the whole text
# in each encoding the importer detects, and small slices of it that import
# (or fail) quickly, for the fuzzer to mutate.
set -euo pipefail
cd "$(dirname "$0")"
seed=../tests/fixtures/seed-2023-09.txt
out=corpus/import
mkdir -p "$out"

cp "$seed" "$out/seed-utf8"
iconv -f UTF-8 -t GB18030 "$seed" >"$out/seed-gb18030"
iconv -f UTF-8 -t UTF-16LE "$seed" >"$out/seed-utf16le"
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$seed"; } >"$out/seed-utf16be-bom"

lines() { sed -n "$1" "$seed"; }
# Masthead, the first TOC section, the colophon and the first body section:
# a whole issue in 6 KB.
lines '1,20p;30,40p;117,130p' >"$out/small-issue-utf8"
iconv -f UTF-8 -t GB18030 "$out/small-issue-utf8" >"$out/small-issue-gb18030"
iconv -f UTF-8 -t UTF-16LE "$out/small-issue-utf8" >"$out/small-issue-utf16le"
# Masthead and colophon without a body (an error).
lines '1,11p;30,40p' >"$out/front-only"
# The TOC in its other form, `title<TAB>(N)`.
lines '41,60p' >"$out/toc-tab"
# Body without masthead or TOC.
lines '117,160p' >"$out/body-only"

ls -l "$out"
