#!/bin/bash
# e2e: the rules engine's version (DC_RULES_ENGINE, parse/dc_rules.h) goes up whenever what it makes
# of the same pages changes. Records keep the engine that checked them, and `recheck` checks again
# those an earlier engine checked; an engine changed without a new version would leave their
# findings as they were, unexplained. Here the engine checks a fixed generated corpus (3,000 form
# sets, most with mistakes; each record also with about one field in four in review) and the digest
# of every record and finding, with its messages, must be
# the one recorded for this version in tests/data/rules-engine-digests.txt. The corpus is made with
# --all-mistakes and every rule must fire in it: a change to a rule that never fires would not
# change the digest (access_form_missing, several_choices and devices_undeclared never fired without).
# So must every wording of each rule's message (VARIANTS below): a message that never occurs, as the
# escort being the visitor or a NIK's sequence 0000 did not, could change unseen.
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
GEN="$DC_BINARY_DIR/samples/dcaccess-samplegen"
RVT="$DC_BINARY_DIR/tests/eval/rules-vs-truth/rules-vs-truth"
DIGESTS="$DC_SOURCE_DIR/tests/data/rules-engine-digests.txt"
[ -x "$GEN" ] || fail "dcaccess-samplegen not built: $GEN (build all targets)"
[ -x "$RVT" ] || fail "rules-vs-truth not built: $RVT (build all targets)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$GEN" --seed 7 --sets 3000 --mistake-rate 0.8 --no-images --all-mistakes -o "$tmp/corpus" >/dev/null ||
    fail "generating the corpus"
"$RVT" --digest --per-rule --per-message "$tmp/corpus" >"$tmp/out" 2>&1
rc=$?
grep -v -e '^MISMATCH' -e '^rules-vs-truth: message ' "$tmp/out" | sed 's/^/  /'
[ $rc -eq 0 ] || fail "the engine's findings differ from the generator's expected ones (rules-vs-truth exit $rc):
$(grep '^MISMATCH' "$tmp/out" | head -5)"
grep -qxF "rules-vs-truth: 3000 records compared, 3000 match, 0 mismatch" "$tmp/out" || fail "not 3000 records compared"
grep -q '^rules-vs-truth: rule ' "$tmp/out" || fail "rules-vs-truth printed no findings per rule"
silent=$(sed -n 's/^rules-vs-truth: rule \([a-z_]*\): 0 findings$/\1/p' "$tmp/out" | paste -sd' ')
[ -z "$silent" ] || fail "no finding of $silent in the corpus: a change to such a rule would not change the digest
(give the generator a mistake that leads to it, samples/gen/sg_record.c)"
line=$(grep '^rules-vs-truth: digest ' "$tmp/out")
engine=$(sed -n 's/^.* (rules engine \([0-9][0-9]*\))$/\1/p' <<<"$line")
digest=$(sed -n 's/^rules-vs-truth: digest \([0-9a-f]\{64\}\) of .*$/\1/p' <<<"$line")
[ -n "$engine" ] && [ -n "$digest" ] || fail "no digest line: $line"
want=$(awk -v e="$engine" '$1 == e { print $2 }' "$DIGESTS")
[ -n "$want" ] || fail "no digest recorded for rules engine $engine in $DIGESTS: add the line '$engine $digest'"
if [ "$digest" != "$want" ]; then
    prev=$(awk -v d="$digest" '$2 == d { print $1 }' "$DIGESTS")
    [ -z "$prev" ] || fail "the engine makes what rules engine $prev made, but says it is $engine"
    fail "what the rules engine makes of the corpus changed (digest $digest, recorded for engine $engine: $want).
If a rule, a message or how a record is built changed, raise DC_RULES_ENGINE in parse/dc_rules.h and add
the line '$((engine + 1)) $digest' to tests/data/rules-engine-digests.txt, so that recheck checks the stored
records again. If only the generator changed (the corpus is other pages), replace the digest of engine $engine."
fi
for e in $(awk '!/^#/ { print $1 }' "$DIGESTS"); do
    [ "$e" -le "$engine" ] || fail "$DIGESTS records engine $e, beyond this build's $engine"
done
echo "rules engine $engine: digest as recorded"

# Every wording each rule's message has in parse/dc_rules.c (the English one; the Indonesian one is
# made in the same place): rule, a tab, and an extended regular expression that one of that rule's
# messages in the corpus must match, digits written # (rules-vs-truth --per-message). Checked after
# the digest: a message reworded is a new engine, which the digest says first. Not here, because no
# filled-in form gives them under the SOP defaults the corpus is checked with: date_mismatch's
# "1 day" (a difference of 1 day is within date_mismatch_days = 1; only a rules file with 0 gives it).
VARIANTS='access_form_missing	^Device checklist without its access form$
required_missing	\(visit_date\)$
required_missing	\(visitor_name\)$
required_missing	\(institution\)$
required_missing	\(id_type\)$
required_missing	\(id_number\)$
required_missing	\(purpose\)$
required_missing	\(brings_devices\)$
required_missing	\(operator_name\)$
required_missing	\(entry_time\)$
id_invalid	: not # digits$
id_invalid	: no province has its code$
id_invalid	: regency or city code #$
id_invalid	: sub-district code not valid$
id_invalid	: the birth date is no date$
id_invalid	: sequence number #$
no_decision	^No access decision
no_decision	^Two access decisions
entered_while_refused	yet an entry time recorded$
entered_while_refused	yet a badge number recorded$
entered_while_refused	yet an exit time recorded$
entered_while_refused	yet an entry time and a badge number recorded$
entered_while_refused	yet an entry time and an exit time recorded$
entered_while_refused	yet a badge number and an exit time recorded$
entered_while_refused	yet an entry time, a badge number and an exit time recorded$
not_escorted	^Access granted without an escort$
not_escorted	^The escort is the visitor themself$
no_badge	^Access granted without a visitor badge number$
over_time_limit	^Visit lasted # min, over the # min limit$
no_exit_time	^No exit time recorded$
times_inconsistent	arrival time is not a clock time
times_inconsistent	entry time is not a clock time
times_inconsistent	exit time is not a clock time
times_inconsistent	exit before entry
times_inconsistent	arrival after entry
times_inconsistent	^Times inconsistent: [^;]*; 
badge_not_returned	^Visitor badge not ticked as returned$
id_not_returned	^Visitor.s ID not ticked as returned$
devices_unlisted	^Devices declared but no device checklist$
devices_unlisted	^Devices declared but the device checklist is empty$
devices_unlisted	^Device row # has no serial number$
devices_unlisted	^Device rows #(, #)+ have no serial number$
device_not_taken_out	^Device row # \([A-Z][^)]*\) brought in but not taken out$
device_not_taken_out	^Device row # \(-\) brought in but not taken out$
device_not_brought_in	^Device row # \([A-Z][^)]*\) taken out but not brought in$
device_not_brought_in	^Device row # \(-\) taken out but not brought in$
slow_service	^Service took # min from arrival to entry, over # min$
signature_missing	^Visitor signature missing$
signature_missing	^Operator signature missing$
date_mismatch	^Visit date #-#-# is # days from the scan batch date #-#-#$
several_choices	^More than one choice ticked in id_type: 
several_choices	^More than one choice ticked in purpose: 
several_choices	^More than one choice ticked in brings_devices: 
devices_undeclared	yet the checklist has # device row$
devices_undeclared	yet the checklist has # device rows$'
sed -n 's/^rules-vs-truth: message \([a-z_]*\) [0-9]*: /\1\t/p' "$tmp/out" >"$tmp/messages"
missing=""
n=0
while IFS=$'\t' read -r rule re; do
    n=$((n + 1))
    # ENVIRON, not -v: awk would take the regex's backslashes for escapes of its own
    rule="$rule" re="$re" awk -F'\t' '$1 == ENVIRON["rule"] && $2 ~ ENVIRON["re"] { found = 1 } END { exit !found }' \
        "$tmp/messages" || missing="$missing
  $rule: /$re/"
done <<<"$VARIANTS"
[ -z "$missing" ] || fail "no finding in the corpus with these wordings, so a change to them would not change the digest:$missing
(give the generator a mistake that leads to it, samples/gen/sg_record.c; if the engine's wording changed, this list
follows it). The corpus's messages:
$(sed 's/^/  /' "$tmp/messages")"
echo "rules engine $engine: all $n wordings of the findings' messages in the corpus ($(wc -l <"$tmp/messages") distinct)"
