/* dc_rules: the SOP compliance rules (DESIGN.md §3), their limits file, and findings. */
#ifndef DC_RULES_H
#define DC_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "dc_record.h"

/* Stable rule ids; dc_rule_name() gives the id string used in findings, exports and the rules file. */
typedef enum dc_rule_id {
    DC_RULE_REQUIRED_MISSING,      /* "required_missing": a required field is empty (per field) */
    DC_RULE_ID_INVALID,            /* "id_invalid": id_type=ktp and id_number is not a valid NIK */
    DC_RULE_NO_DECISION,           /* "no_decision": neither (or both) of granted/refused */
    DC_RULE_ENTERED_WHILE_REFUSED, /* "entered_while_refused": refused, yet entry time or badge */
    DC_RULE_NOT_ESCORTED,          /* "not_escorted": granted, no escort name */
    DC_RULE_NO_BADGE,              /* "no_badge": granted, no badge number */
    DC_RULE_OVER_TIME_LIMIT,       /* "over_time_limit": exit - entry > visit limit */
    DC_RULE_NO_EXIT_TIME,          /* "no_exit_time": granted, no exit time */
    DC_RULE_TIMES_INCONSISTENT,    /* "times_inconsistent": exit < entry, arrival > entry, or not a clock time */
    DC_RULE_BADGE_NOT_RETURNED,    /* "badge_not_returned": granted, badge_returned not ticked */
    DC_RULE_ID_NOT_RETURNED,       /* "id_not_returned": granted, id_returned not ticked */
    DC_RULE_DEVICES_UNLISTED,      /* "devices_unlisted": brings_devices=yes, no checklist/rows, or a row without serial */
    DC_RULE_DEVICE_NOT_TAKEN_OUT,  /* "device_not_taken_out": a row ticked in, not out */
    DC_RULE_DEVICE_NOT_BROUGHT_IN, /* "device_not_brought_in": a row ticked out, not in */
    DC_RULE_SLOW_SERVICE,          /* "slow_service": entry - arrival > service limit */
    DC_RULE_SIGNATURE_MISSING,     /* "signature_missing": a required signature box is empty (per field) */
    DC_RULE_DATE_MISMATCH,         /* "date_mismatch": |visit date - batch date| > configured days */
    DC_RULE_ACCESS_FORM_MISSING,   /* "access_form_missing": a device checklist whose access form was never scanned */
    DC_RULE_SEVERAL_CHOICES,       /* "several_choices": more than one box ticked in id_type, purpose or brings_devices */
    DC_RULE_DEVICES_UNDECLARED,    /* "devices_undeclared": brings_devices=no, yet the checklist lists devices */
    DC_RULE__COUNT
} dc_rule_id;

typedef enum dc_severity {
    DC_SEVERITY_ERROR,      /* "error" */
    DC_SEVERITY_VIOLATION,  /* "violation" */
    DC_SEVERITY_WARNING     /* "warning" */
} dc_severity;

const char *dc_rule_name(dc_rule_id r);          /* static id string */
/* The SOP step a rule's findings name ("5", "2-4"; static); a required field's finding names the
 * step of that field, one of 2, 4 and 5. "" for an unknown rule. */
const char *dc_rule_sop_step(dc_rule_id r);
/* Rule id from its string; DC_ERR_NOT_FOUND if unknown. */
int dc_rule_parse(dc_rule_id *out, const char *name);
const char *dc_severity_name(dc_severity s);     /* "error" | "violation" | "warning" */
int dc_severity_parse(dc_severity *out, const char *name);

/* Validated limits and severities (a plain value: copy it freely). */
typedef struct dc_rules {
    int visit_limit_min;      /* SOP step 5: 60 */
    int service_limit_min;    /* SOP steps 2-4: 5+5+5 = 15 */
    int date_mismatch_days;   /* step 7: 1 */
    dc_severity severity[DC_RULE__COUNT];
    bool enabled[DC_RULE__COUNT];
    int engine;               /* DC_RULES_ENGINE (below), the engine that checks with these rules, which
                               * records keep (dc_rules_stamp); no rules file sets it: a test sets
                               * another to act as a newer or older dcaccess */
} dc_rules;

/* The SOP's defaults (identical to parse/rules.default.json, which a test proves). */
void dc_rules_default(dc_rules *out);

/* Loads a rules file: a JSON object with any of
 *   "visit_limit_minutes": int >= 1, "service_limit_minutes": int >= 1,
 *   "date_mismatch_days": int >= 0,
 *   "severity": { "<rule id>": "error"|"violation"|"warning", ... },
 *   "disabled": [ "<rule id>", ... ],
 *   "version": 1, "comment": any
 * Keys left out keep the defaults. Anything else (bad JSON, unknown key or rule id, wrong type,
 * negative or zero limit) -> DC_ERR_RULES with a detail naming the file and the key.
 * A missing file -> DC_ERR_IO naming it. */
int dc_rules_load(dc_rules *out, const char *path);

/* The rules as a short canonical text, what records keep of the rules they were checked with:
 * "SOP defaults", or what differs from them in the rules file's words, in a fixed order:
 * "visit_limit_minutes=90; severity slow_service=violation; disabled signature_missing".
 * Equal rules give equal texts. Always NUL-terminated; DC_ERR_INVALID_ARG when `len` is too
 * small (DC_RULES_TEXT_MAX always suffices). */
#define DC_RULES_TEXT_MAX 2048
int dc_rules_describe(const dc_rules *r, char *buf, size_t len);

/* The version of the rules engine: what building a record from its pages (dc_record_from_pages)
 * and checking it (dc_rules_check) make of the same pages and rules. It goes up whenever a change
 * to either can change a stored record or its findings (a rule's condition, a severity, a message,
 * a value parsed otherwise), so that records checked by an earlier engine are checked again
 * (dcaccess recheck) instead of keeping findings no current rule gives. Test
 * rules_engine_digest (tests/data/rules-engine-digests.txt) fails when the findings of a fixed
 * generated corpus change while this stays. 1: records checked before the engine was recorded
 * (their rules text has no "rules engine"). 2: the rules of December 2026. */
#define DC_RULES_ENGINE 2

/* What a record keeps of the rules and engine it was checked with: dc_rules_describe's text, then
 * "; rules engine N" (r->engine, DC_RULES_ENGINE): "SOP defaults; rules engine 2". A record whose kept text
 * differs (other rules, or an earlier engine, whose texts have no engine) is checked again by
 * dc_archive_recheck. Errors as dc_rules_describe. */
int dc_rules_stamp(const dc_rules *r, char *buf, size_t len);

/* The rules engine a kept rules text names (its "; rules engine N" end): N, or 1 for a text
 * without one (checked before engines were recorded) or NULL. */
int dc_rules_stamp_engine(const char *stamp);

/* One finding. Strings are owned by the finding list. */
typedef struct dc_finding {
    dc_rule_id rule;
    char field[48];          /* record field id for per-field rules, "" otherwise */
    int row;                 /* device row (1..) for the per-row device rules, 0 otherwise */
    const char *sop_step;    /* static: "2", "4", "5", "5-6", "6", "2-4", "7" */
    dc_severity severity;
    char *message_id;        /* Indonesian */
    char *message_en;        /* English */
} dc_finding;

typedef struct dc_findings {
    size_t n, cap;
    dc_finding *items;
} dc_findings;

#define DC_FINDINGS_INIT {0, 0, NULL}

/* Frees the items (not `f` itself) and resets to empty; NULL is fine. */
void dc_findings_clear(dc_findings *f);
/* Appends a finding (messages copied). */
int dc_findings_add(dc_findings *f, dc_rule_id rule, const char *field, int row, const char *sop_step,
                    dc_severity severity, const char *message_id, const char *message_en);
/* Index of the finding with this rule and field ("" or NULL: any/no field), or -1. */
int dc_findings_find(const dc_findings *f, dc_rule_id rule, const char *field);
/* A finding's stored message (`message`, of field `field`: "" or NULL for none) as people are shown
 * it: the stored text, less the field's id where it repeats the name just before it. The English
 * message of a required field whose name is its id reads "Required field is empty: purpose
 * (purpose)"; the stored text stays so (it is chained, and a correction or recheck compares it),
 * and the reports and the CLI show "Required field is empty: purpose". Returns `message` itself,
 * or `buf` (of `len` bytes) holding the shorter text; never fails. */
const char *dc_finding_message_shown(char *buf, size_t len, const char *message, const char *field);

/* Checks one record. `batch_date` ("YYYY-MM-DD", may be NULL: date_mismatch not checked) is the
 * date of the scan batch the record came in. `out` is cleared first, then filled in a stable
 * order (rule order above, then row, then field). The caller owns the findings: dc_findings_clear().
 *
 * Review policy: rules run on EMPTY, ACCEPTED and CORRECTED values only. Each rule reads a fixed
 * set of fields; if any field it reads is in REVIEW, that rule is skipped for the record (it can
 * neither fire nor be cleared on a guess). The record's status is then needs_review; its findings
 * are recomputed after every correction, so once nothing is in review all rules have run.
 * Values that are known but not valid for their type (a time "25:10") are treated as present
 * (not missing) and the type-specific rule reports them (times_inconsistent, id_invalid).
 *
 * Requirements (the SOP as the sample generator reads it, samples/README.md): visit_date,
 * visitor_name, institution, id_type, id_number, purpose, brings_devices always; operator_name,
 * entry_time when granted -> required_missing. phone, arrival_time and purpose_detail are
 * optional (even for purpose=other). When granted, escort_name/badge_number/exit_time missing
 * give not_escorted/no_badge/no_exit_time instead. Signatures (visitor_signature always,
 * operator_signature when granted) give signature_missing (warning), never required_missing;
 * the checklist's two signatures are not checked in v1.
 * Device rows: a row exists when its name, model or serial is written. devices_unlisted (no
 * field): brings_devices=yes and no checklist page, no row, or a row without serial.
 * devices_undeclared (field brings_devices): brings_devices=no and the checklist lists a row.
 * device_not_taken_out / device_not_brought_in: per row number n (field "", row n) whose in/out
 * ticks differ, except that a row ticked only in and a later row ticked only out with the same
 * serial number (letters and digits alike, case aside) are one device written twice: neither
 * gives a finding. several_choices (field: the group): id_type, purpose or brings_devices holds
 * more than one ticked choice joined by '+' (as a person confirmed in review); the rules that
 * read that group's value (id_invalid, devices_unlisted, devices_undeclared) then do not run,
 * since which box was meant is not known. over_time_limit, times_inconsistent, slow_service: no field; they apply whatever
 * the decision. date_mismatch has field visit_date.
 * A record without an access page gives only access_form_missing plus the device row rules. */
int dc_rules_check(dc_findings *out, const dc_rules *rules, const dc_record *rec, const char *batch_date);

#endif
