#!/bin/bash
# e2e: dcaccess-samplegen regenerates the committed sample day (samples/day) from the command recorded in
# samples/README.md: same files, same truth, same expected findings; bad arguments get a clear error.
set -euo pipefail
GEN="$DC_BINARY_DIR/samples/dcaccess-samplegen"
DAY="$DC_SOURCE_DIR/samples/day"
ARGS=(--seed 20261104 --sets 8 --date 2026-11-02 --damage mixed --mistake-rate 0.8 --hand-ratio 0.5)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# the committed day was drawn with these fonts; without them the generator picks others and the truth differs
for f in breip/Breip.ttf fifthhorseman/dkg.ttf rufscript/Rufscript010.ttf humor-sans/Humor-Sans.ttf \
         dejavu/DejaVuSans.ttf dejavu/DejaVuSansMono.ttf; do
    [ -r "/usr/share/fonts/truetype/$f" ] ||
        fail "font $f missing: apt-get install fonts-breip fonts-dkg-handwriting fonts-rufscript fonts-humor-sans fonts-dejavu-core"
done
command -v pdftoppm >/dev/null || fail "pdftoppm missing: apt-get install poppler-utils"

grep -qF -- "dcaccess-samplegen ${ARGS[*]} -o samples/day" "$DC_SOURCE_DIR/samples/README.md" ||
    fail "samples/README.md does not record the command this test replays"

"$GEN" "${ARGS[@]}" -o "$tmp/day"

# same file names, same truth and expected findings
diff <(cd "$DAY" && ls) <(cd "$tmp/day" && ls) || fail "file list differs from samples/day: regenerate it (samples/README.md)"
cmp "$DAY/truth.json" "$tmp/day/truth.json" || fail "truth.json differs from samples/day: regenerate it"
cmp "$DAY/records.json" "$tmp/day/records.json" || fail "records.json differs from samples/day: regenerate it"

# the committed day has what the scan tests rely on: 16 form pages of 8 sets, a blank back, a duplicate, a foreign page
[ "$(grep -c '"kind": "form"' "$DAY/truth.json")" -eq 16 ] || fail "expected 16 form pages"
for k in blank duplicate foreign; do
    [ "$(grep -c "\"kind\": \"$k\"" "$DAY/truth.json")" -eq 1 ] || fail "expected one $k page"
done
ls "$DAY"/*.tif >/dev/null || fail "no multi-page TIFF in samples/day"
size_kb=$(du -sk "$DAY" | cut -f1)
[ "$size_kb" -lt 10000 ] || fail "samples/day is ${size_kb} KB; keep it a few MB"

# images: byte-identical unless the form printer's look changed since the day was generated
changed=0
for f in "$DAY"/0*; do
    cmp -s "$f" "$tmp/day/$(basename "$f")" || changed=$((changed + 1))
done
[ "$changed" -eq 0 ] || echo "note: $changed image(s) differ from samples/day (form printer changed?); truth is identical"

# bad input is refused with a message naming it
if "$GEN" --damage sunburn -o "$tmp/x" 2>"$tmp/err"; then fail "unknown damage accepted"; fi
grep -q "unknown damage condition 'sunburn'" "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
if "$GEN" --date 2026-13-40 -o "$tmp/x" 2>"$tmp/err"; then fail "bad date accepted"; fi
grep -q "bad date '2026-13-40'" "$tmp/err" || fail "unclear error: $(cat "$tmp/err")"
echo "samplegen e2e: ok"
