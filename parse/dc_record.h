/* dc_record: typed value parsing and the record of one form set (access page + device checklist). */
#ifndef DC_RECORD_H
#define DC_RECORD_H

#include "dc_page.h"

#include <stdbool.h>
#include <stddef.h>

struct dc_page_result;

/* ---- value parsing and validation (pure functions, no allocation) ---- */

/* A calendar date. */
typedef struct dc_date {
    int year, month, day;
} dc_date;

/* "YYYY-MM-DD" (a real calendar date, years 1900..2999) -> *out. DC_ERR_VALUE otherwise. */
int dc_parse_date(dc_date *out, const char *s);
/* Days since 1970-01-01 (proleptic Gregorian), for differences between dates. */
long dc_date_days(dc_date d);
/* "HH:MM" (00:00..23:59) -> minutes since midnight. DC_ERR_VALUE otherwise. */
int dc_parse_time(int *out_minutes, const char *s);

/* A KTP number (NIK): 16 digits; province code (first 2) one of 11-19, 21, 31-36, 51-53, 61-65,
 * 71-76, 81-82, 91-96; regency or city (digits 3-4) and sub-district (5-6) not 00; birth day (7-8)
 * a day of the birth month (9-10, 01-12), plus 40 for women (29 February always: the year has two
 * digits); sequence (13-16) not 0000. */
bool dc_nik_valid(const char *s);
/* What is wrong with a NIK, the first thing found in that order; DC_NIK_OK when dc_nik_valid. */
typedef enum dc_nik_fault {
    DC_NIK_OK,
    DC_NIK_DIGITS,        /* not 16 digits */
    DC_NIK_PROVINCE,      /* no province has its code */
    DC_NIK_REGENCY,       /* regency or city 00 */
    DC_NIK_SUBDISTRICT,   /* sub-district 00 */
    DC_NIK_BIRTH_DATE,    /* day and month are no date */
    DC_NIK_SEQUENCE       /* sequence 0000 */
} dc_nik_fault;
dc_nik_fault dc_nik_check(const char *s);
/* A phone number: 8-15 digits, starting with 0 or 62. */
bool dc_phone_valid(const char *s);
/* A visitor badge number: 1-3 digits, not all zero (the form has 3 comb cells). */
bool dc_badge_valid(const char *s);
/* A device serial: 3-40 characters of A-Z, 0-9 and - / . (after normalisation). */
bool dc_device_serial_valid(const char *s);

/* Normalises a name, institution or serial: upper case (ASCII), runs of white space collapsed to
 * one space, trimmed. Returns a new string (caller frees) or NULL on NULL input / no memory. */
char *dc_normalize_name(const char *s);

/* ---- records ---- */

/* The state of one value in a record. Rules use only EMPTY, ACCEPTED and CORRECTED values; a
 * REVIEW value is unknown to them (see dc_rules.h for the exact policy). */
typedef enum dc_value_state {
    DC_VALUE_EMPTY,     /* nothing written (value NULL) */
    DC_VALUE_ACCEPTED,  /* read confidently and valid for its type */
    DC_VALUE_REVIEW,    /* waiting for a person: value is the best reading (may be NULL) */
    DC_VALUE_CORRECTED  /* set by a person (`dcaccess correct`) */
} dc_value_state;

const char *dc_value_state_name(dc_value_state s);       /* "empty", "accepted", "review", "corrected" */
/* Parses a state name; DC_ERR_VALUE for an unknown name. */
int dc_value_state_parse(dc_value_state *out, const char *name);

typedef struct dc_record_field {
    char *id;           /* record field id (see below) */
    char *value;        /* normalised value; NULL when empty (or unreadable in review) */
    double confidence;  /* 0..1 (1 for corrected values) */
    dc_value_state state;
    dc_field_basis basis; /* why the scanner accepted the value as read (dc_page.h); DC_BASIS_NONE when
                           * it did not, or in an archive before schema 3. A correction keeps it:
                           * it then says why the value the person replaced had been accepted */
    char *read_as;        /* what the scanner read when the value is another (dc_page.h); NULL */
} dc_record_field;

/* One visit: the form set with one serial. Record field ids are the template ids of the access
 * page, the checklist's device ids (device_<n>_name|model|serial|in|out|remarks), and the
 * checklist's signatures renamed checklist_visitor_signature / checklist_operator_signature
 * (the access page has fields of the same name). Fields are kept sorted by id.
 *
 * Pairing: a record has its access page, its checklist page, or both (has_access/has_checklist).
 * A checklist without an access page gives the finding `access_form_missing` (see dc_rules.h);
 * an access page declaring brings_devices=yes without a checklist gives `devices_unlisted`. */
typedef struct dc_record {
    char serial[32];
    bool has_access;
    bool has_checklist;
    size_t nfields;
    dc_record_field *fields;
} dc_record;

/* A new empty record (no pages). *out belongs to the caller: dc_record_free(). */
int dc_record_new(dc_record **out, const char *serial);
void dc_record_free(dc_record *r);

/* Sets (adds or replaces) a field, with basis DC_BASIS_NONE. Text values of names, institutions
 * and device serials are normalised (dc_normalize_name); an empty string is stored as NULL. */
int dc_record_set(dc_record *r, const char *id, const char *value, double confidence, dc_value_state state);

/* Sets the basis of an existing field; DC_ERR_NOT_FOUND when the record has no field `id`. */
int dc_record_set_basis(dc_record *r, const char *id, dc_field_basis basis);
/* Sets what the scanner read for an existing field (a copy; NULL clears it); DC_ERR_NOT_FOUND,
 * DC_ERR_NOMEM. */
int dc_record_set_read_as(dc_record *r, const char *id, const char *read_as);

/* Builds the record of one form set from its pages; either page may be NULL, not both, and both
 * must name the same serial (DC_ERR_INVALID_ARG otherwise). Page field states map
 * empty->EMPTY, accepted->ACCEPTED, review->REVIEW; an accepted field keeps its basis. *out
 * belongs to the caller. */
int dc_record_from_pages(dc_record **out, const struct dc_page_result *access,
                         const struct dc_page_result *checklist);

/* Field lookup; NULL when the record has no such field. */
const dc_record_field *dc_record_get(const dc_record *r, const char *id);

/* True when any field is in REVIEW: the record's status is then "needs_review", else "complete". */
bool dc_record_needs_review(const dc_record *r);
/* How many of the record's fields wait for a person (DC_VALUE_REVIEW); dc_record_needs_review is
 * whether any does. */
size_t dc_record_fields_in_review(const dc_record *r);
const char *dc_record_status_name(const dc_record *r);   /* "complete" | "needs_review" */

/* Maps a page field id to its record field id (the checklist's signatures get the prefix
 * "checklist_"), into buf. Returns buf. */
const char *dc_record_field_id(char *buf, size_t len, const char *form, const char *page_field_id);
/* The reverse: which form ("access"|"checklist") and page field id a record field id lives on.
 * DC_ERR_NOT_FOUND for an id that belongs to neither form. */
int dc_record_field_source(const char **form, char *page_field_id, size_t len, const char *record_field_id);

/* Validates and normalises a value a person typed for a record field (`dcaccess correct`):
 * dates YYYY-MM-DD, times HH:MM, choices one of the template's options (its code, or its label as
 * dc_record_option_label or the printed form words it, any case; stored as the code),
 * ticks/signatures true|false (or dc_record_tick_word's words), digits only digits (id_number: up
 * to 16 digits or capital letters, as a passport number has letters; phone a dc_phone_valid
 * number, badge a dc_badge_valid number), names upper-cased in full and free text kept in its
 * case, both in Unicode's composed form (NFC), so that a name typed in lower case, or with its
 * accents as separate marks, is the same value.
 * "" means "nothing written" (*out = NULL).
 * *out is malloc'd (caller frees). DC_ERR_VALUE with a detail saying what is expected. */
int dc_record_validate_value(char **out, const char *record_field_id, const char *value);

/* DC_ERR_TEMPLATE, naming the file and the field, when a template of `ts` has a field, or a choice
 * option, that records do not hold (the fields above): its pages could be printed and scanned, but
 * that field could never be reviewed or corrected. A new template version may move, resize and
 * relabel what v1 has; a new field or option needs this layer to know it first. `forms print` and
 * `scan` refuse such a set. */
struct dc_template_set;
int dc_record_templates_check(const struct dc_template_set *ts);
/* The same for a value as a person read it on the paper (`correct`, `review`): a time may also be
 * one that is no clock time, written HH:MM (25:10), so that what the paper says is recorded and
 * the SOP check times_inconsistent names it (the scan's own readings are held to clock times); a
 * date may also be typed day first as the form has it, DD/MM/YYYY (or with - or .). A name,
 * institution or serial with '?' (the scanner's mark of a letter it could not read) is refused. */
int dc_record_validate_written(char **out, const char *record_field_id, const char *value);
/* True when `value` is one dc_record_validate_written takes for a time field only as written, a
 * time that is no clock time (25:10): review asks a person to type it twice, as it is more often a
 * slip of the keyboard than what the paper says. */
bool dc_record_written_not_clock_time(const char *record_field_id, const char *value);
/* True when record field `record_field_id` is a tick box or a signature, whose values are "true"
 * / "false"; false for any other field (a name, a remark, one this version does not know), which
 * may hold those words as written. */
bool dc_record_field_is_tick(const char *record_field_id);
/* A tick box's or a signature's stored "true" / "false" as the reports say it (static): a box
 * "dicentang" / "ticked", "tidak dicentang" / "not ticked"; a signature "ada" / "present", "tidak
 * ada" / "absent"; `english` chooses the language. dc_record_validate_* take these words back.
 * NULL for another field or value. */
const char *dc_record_tick_word(const char *record_field_id, const char *value, bool english);
/* True when record field `record_field_id` is a choice (id_type, purpose, brings_devices,
 * decision), whose values are its options' codes ("ktp", several ticked "maintenance+hosting"). */
bool dc_record_field_is_choice(const char *record_field_id);
/* A choice field's stored option code as the reports show it (static): "granted" "Diizinkan" /
 * "Granted", "ktp" "KTP" / "ID card (KTP)"; `english` chooses the language. dc_record_validate_*
 * take these labels back, and the printed form's wording where it differs ("ID card", "Other
 * (give details below)"). NULL for another field or code (several joined by '+' included). */
const char *dc_record_option_label(const char *record_field_id, const char *code, bool english);
/* The most characters a value may have (DC_ERR_VALUE beyond): far more than any box of the form. */
#define DC_RECORD_VALUE_MAX 500

#endif
