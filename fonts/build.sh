#!/usr/bin/env bash
# Rebuild the shipped font set of yuebao from Debian packages.
#
#   bash fonts/build.sh
#
# Run as root on Debian 12 (bookworm). Writes into the directory that holds
# this script:
#   FandolFang-Regular.otf, FandolKai-Regular.otf        (copied unmodified)
#   NotoSerifCJKsc-Black.otf, NotoSerifCJKsc-Regular.otf,
#   NotoSansCJKsc-Regular.otf, NotoSansCJKsc-Bold.otf     (subset with fontTools)
#   LICENSE-Fandol.txt, GPL-3.txt, LICENSE-OFL.txt
# FONTS.md and this script are not touched.
#
# Package versions and the fontTools version are pinned so that the output is
# byte-identical from run to run; override them through the environment if the
# pinned Debian versions are no longer in the archive (the output will differ).
set -euo pipefail

TEXLIVE_LANG_CHINESE_VERSION="${TEXLIVE_LANG_CHINESE_VERSION:-2022.20230122-1}"
NOTO_CJK_VERSION="${NOTO_CJK_VERSION:-1:20220127+repack1-1}"
FONTTOOLS_VERSION="${FONTTOOLS_VERSION:-4.68.0}"
PYTHON="${PYTHON:-python3}"

OUT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d /tmp/yuebao-fonts.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
chmod 755 "$WORK"

log() { printf '==> %s\n' "$*" >&2; }

# ---------------------------------------------------------------- packages
PKGS=(
  "texlive-lang-chinese=$TEXLIVE_LANG_CHINESE_VERSION"
  "fonts-noto-cjk=$NOTO_CJK_VERSION"
  "fonts-noto-cjk-extra=$NOTO_CJK_VERSION"
)

have_candidates() {
  local p
  for p in texlive-lang-chinese fonts-noto-cjk fonts-noto-cjk-extra; do
    # (no "| grep -q": with pipefail, SIGPIPE in apt-cache would read as failure)
    [[ "$(apt-cache policy "$p" 2>/dev/null)" == *"Candidate: "[!\(]* ]] || return 1
  done
}
if ! have_candidates; then
  log "apt-get update"
  apt-get update -qq
fi

mkdir -p "$WORK/deb" "$WORK/root"
# let apt's unprivileged download user write here (avoids the sandbox warning)
if id _apt >/dev/null 2>&1; then chown _apt "$WORK/deb"; fi
log "apt-get download ${PKGS[*]}"
(cd "$WORK/deb" && apt-get download -q "${PKGS[@]}")
for deb in "$WORK"/deb/*.deb; do
  log "dpkg -x $(basename "$deb")"
  dpkg -x "$deb" "$WORK/root"
done

FANDOL_DIR="$WORK/root/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
FANDOL_DOC="$WORK/root/usr/share/doc/texlive-doc/fonts/fandol"
NOTO_DIR="$WORK/root/usr/share/fonts/opentype/noto"
NOTO_COPYRIGHT="$WORK/root/usr/share/doc/fonts-noto-cjk/copyright"

# ---------------------------------------------------------------- fontTools
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  log "installing python3-venv"
  apt-get install -y -qq python3 python3-venv >/dev/null
fi
log "pip install fonttools==$FONTTOOLS_VERSION (in a private venv)"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "fonttools==$FONTTOOLS_VERSION"
PY="$WORK/venv/bin/python"
PYFTSUBSET="$WORK/venv/bin/pyftsubset"

# ---------------------------------------------------------------- subsetting
# Simplified Chinese repertoire. The blocks asked for, plus the few non-Han
# characters of GB 2312 that lie outside them (pinyin with tone marks,
# spacing modifiers, Greek, Cyrillic, U+2312).
UNICODES=$(printf '%s,' \
  U+0020-007E U+00A0-00FF \
  U+0100-017F U+01CD-01DC U+01F8-01F9 U+0251 U+0261 U+02C6-02DD \
  U+0391-03A9 U+03B1-03C9 U+0401 U+0410-044F U+0451 \
  U+2000-206F U+2100-214F U+2150-218F U+2190-21FF U+2200-22FF U+2312 \
  U+2460-24FF U+2500-25FF U+2600-26FF \
  U+3000-303F U+3040-30FF U+3100-312F U+3200-32FF U+3300-33FF \
  U+3400-4DBF U+4E00-9FFF U+F900-FAFF \
  U+FE10-FE1F U+FE30-FE4F U+FF00-FFEF)
UNICODES="${UNICODES%,}"

# Every GSUB/GPOS feature of the Noto CJK faces except locl and aalt.
# (An explicit list is needed: pyftsubset's '*' ignores --layout-features-=.)
FEATURES=calt,ccmp,dlig,fwid,halt,hist,hwid,kern,liga,ljmo,mark,palt,pwid,ruby,tjmo,vert,vhal,vjmo,vkrn,vpal,vrt2

SUBSET_OPTS=(
  "--unicodes=$UNICODES"
  "--layout-features=$FEATURES"
  "--name-IDs=*"
  "--name-languages=*"
  "--no-hinting"
  "--notdef-outline"
  "--drop-tables-=BASE"
)

# Print the index of the face in a TTC whose typographic family (name ID 16,
# else 1) and subfamily (ID 17, else 2) match exactly; fail unless exactly one.
face_index() {
  "$PY" - "$@" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
path, family, sub = sys.argv[1:4]
hits = []
for i, f in enumerate(TTCollection(path, lazy=True).fonts):
    n = f["name"]
    fam = n.getDebugName(16) or n.getDebugName(1)
    sf = n.getDebugName(17) or n.getDebugName(2)
    if fam == family and sf == sub:
        hits.append(i)
if len(hits) != 1:
    sys.exit(f"{path}: {len(hits)} faces match {family!r} / {sub!r}")
print(hits[0])
EOF
}

STAGE="$WORK/out"
mkdir -p "$STAGE"

#      output file                 source TTC                  family              subfamily
JOBS=(
  "NotoSerifCJKsc-Black.otf       NotoSerifCJK-Black.ttc      Noto_Serif_CJK_SC   Black"
  "NotoSerifCJKsc-Regular.otf     NotoSerifCJK-Regular.ttc    Noto_Serif_CJK_SC   Regular"
  "NotoSansCJKsc-Regular.otf      NotoSansCJK-Regular.ttc     Noto_Sans_CJK_SC    Regular"
  "NotoSansCJKsc-Bold.otf         NotoSansCJK-Bold.ttc        Noto_Sans_CJK_SC    Bold"
)
for job in "${JOBS[@]}"; do
  read -r out ttc family sub <<<"$job"
  family="${family//_/ }"
  idx="$(face_index "$NOTO_DIR/$ttc" "$family" "$sub")"
  log "subset $ttc face #$idx ($family $sub) -> $out"
  "$PYFTSUBSET" "$NOTO_DIR/$ttc" --font-number="$idx" "${SUBSET_OPTS[@]}" \
    --output-file="$STAGE/$out"
done

# ---------------------------------------------------------------- Fandol
for f in FandolFang-Regular.otf FandolKai-Regular.otf; do
  log "copy $f"
  cp "$FANDOL_DIR/$f" "$STAGE/$f"
done

# ---------------------------------------------------------------- licences
log "licence texts"
{
  cat <<'EOF'
Fandol fonts (FandolFang-Regular.otf, FandolKai-Regular.otf)
============================================================

Source: Debian package texlive-lang-chinese (TeX Live package "fandol",
CTAN fonts/fandol). The fonts are shipped unmodified.

Copyright notices embedded in the fonts:

EOF
  for f in FandolFang-Regular.otf FandolKai-Regular.otf; do
    "$PY" - "$STAGE/$f" <<'EOF'
import re, sys
from fontTools.ttLib import TTFont
t = TTFont(sys.argv[1])
notice = t["CFF "].cff.topDictIndex[0].Notice
while True:  # PostScript octal escapes, applied twice in these fonts
    new = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), notice)
    if new == notice:
        break
    notice = new
print(f"  {sys.argv[1].rsplit('/', 1)[-1]}:")
print(f"    name ID 0:  {t['name'].getDebugName(0)}")
print("    CFF Notice: " + notice.replace("\n", "\n                "))
EOF
  done
  cat <<'EOF'

Licence: GNU General Public License (GPL-3.0, full text in GPL-3.txt, taken
from COPYING in the same package) with the GPL font exception. The package
states the exception only by name (README below, font Notice); its wording
is not included in the package. See
https://www.gnu.org/licenses/gpl-faq.html#FontException

The Debian copyright file of texlive-lang-chinese lists:
  fandol: gpl

----------------------------------------------------------------------------
README of the Fandol fonts (usr/share/doc/texlive-doc/fonts/fandol/README):
----------------------------------------------------------------------------

EOF
  cat "$FANDOL_DOC/README"
} >"$STAGE/LICENSE-Fandol.txt"

zcat "$FANDOL_DOC/COPYING.gz" >"$STAGE/GPL-3.txt"

{
  cat <<'EOF'
Noto CJK fonts (NotoSerifCJKsc-Black.otf, NotoSerifCJKsc-Regular.otf,
NotoSansCJKsc-Regular.otf, NotoSansCJKsc-Bold.otf)
=====================================================================

Source: Debian packages fonts-noto-cjk and fonts-noto-cjk-extra
(upstream https://github.com/googlefonts/noto-cjk). These files are
Modified Versions (subsets) of the original fonts; see FONTS.md.

Copyright notices of the original fonts (name ID 0):

EOF
  for job in "${JOBS[@]}"; do
    read -r out ttc _ _ <<<"$job"
    "$PY" - "$STAGE/$out" <<'EOF'
import sys
from fontTools.ttLib import TTFont
print(f"  {sys.argv[1].rsplit('/', 1)[-1]}: {TTFont(sys.argv[1])['name'].getDebugName(0)}")
EOF
  done
  cat <<'EOF'

From the Debian copyright file (usr/share/doc/fonts-noto-cjk/copyright):
  Files: *
  Copyright: 2010-2012, Google Corporation
  License: SIL-1.1

These fonts are licensed under the SIL Open Font License, Version 1.1:

EOF
  # The "License: SIL-1.1" stand-alone paragraph, de-indented
  # (Debian copyright format: one leading space, " ." for an empty line).
  awk '
    /^License: SIL-1.1$/ { n++; if (n == 2) { on = 1; next } }
    on && /^$/ { exit }
    on { sub(/^ /, ""); if ($0 == ".") $0 = ""; print }
  ' "$NOTO_COPYRIGHT"
} >"$STAGE/LICENSE-OFL.txt"
grep -q 'SIL OPEN FONT LICENSE Version 1.1' "$STAGE/LICENSE-OFL.txt"
grep -q 'OTHER DEALINGS IN THE FONT SOFTWARE' "$STAGE/LICENSE-OFL.txt"

# ---------------------------------------------------------------- install
chmod 644 "$STAGE"/*
mv -f "$STAGE"/* "$OUT"/
log "done:"
(cd "$OUT" && ls -l -- *.otf *.txt && sha256sum -- *.otf)
