/* dc_report: the content of the daily, monthly and audit reports as plain data (filled from the
 * archive by dc_report_load.h, rendered by dc_report_xlsx.h and dc_report_pdf.h). */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "dc_archive.h"   /* dc_serial_span */
#include "dc_page.h"  /* dc_field_basis */

/* Report language: every label comes from one string table per language (dc_report_text.h). */
typedef enum dc_report_lang {
    DC_LANG_ID, /* Indonesian (default) */
    DC_LANG_EN  /* English */
} dc_report_lang;

typedef enum dc_report_kind {
    DC_REPORT_DAILY,
    DC_REPORT_MONTHLY,
    DC_REPORT_AUDIT
} dc_report_kind;

/* Where a report came from and when it was made (shown in every PDF footer and XLSX properties). */
typedef struct dc_report_meta {
    char *archive_path;  /* archive the figures were read from (malloc'd) */
    time_t generated;    /* generation time (shown in local time) */
    char period[16];     /* "2026-11-02" (daily) or "2026-11" (monthly, audit) */
    long chain_problems; /* daily, monthly: -1 not checked (the loaders' value), 0 the archive
                          * verified, N > 0 problems found: the report says so at its top */
    long sources_missing; /* of chain_problems, scan files not found where they were scanned (0 the
                           * loaders' value): when they are all the problems, the warning says to
                           * give their folder, not to restore a backup */
    long unfinished;     /* scan batches that did not finish, or run still, when it was written
                          * (dc_archive_unfinished; 0: none, the loaders' value): it says so at its
                          * top, since what they did not store is not in it */
} dc_report_meta;

/* One visit (record). Strings are malloc'd, NULL when unknown/empty. Times are minutes since
 * midnight, -1 when unknown. */
typedef struct dc_report_visit {
    char serial[32];
    char date[11];           /* visit date "YYYY-MM-DD", "" when unknown */
    char batch_date[11];     /* date of the scan batch (counts the visit when its date is unknown) */
    char *name;
    char *institution;
    char *id_type;           /* ktp|sim|passport|other */
    char *id_number;         /* masked (6171********0003) except in the audit report */
    char *phone;             /* masked except in the audit report */
    char *purpose;           /* maintenance|hosting|management|other */
    char *purpose_detail;
    char *decision;          /* granted|refused */
    char *operator_name;
    char *escort;
    char *badge;
    int arrival_min, entry_min, exit_min;
    /* a time as stored when it is not a clock time ("24:00", written so on the paper and kept by a
     * correction; its *_min is -1): shown as it is, not as a blank that reads "not filled in";
     * NULL otherwise */
    char *arrival_text, *entry_text, *exit_text;
    int duration_min;        /* exit - entry, -1 when unknown */
    bool needs_review;       /* status needs_review (else complete) */
    bool has_access;         /* the set's access form was scanned (else only its device checklist) */
    bool name_in_review;     /* name NULL because its reading waits for review (not: nothing written) */
    bool institution_in_review;
    bool purpose_confirmed_empty; /* purpose NULL because a person set it empty (a correction to
                                   * none: no box ticked on the paper), not blank or in review */
    bool purpose_in_review;  /* purpose NULL because its reading waits for review (not: left blank) */
    int devices_in, devices_out;
    size_t nfindings;
} dc_report_visit;

/* One finding of a record. */
typedef struct dc_report_finding {
    char serial[32];
    char *rule;        /* rule id ("over_time_limit"); label from dc_report_rule_label() */
    char *field;       /* record field id or NULL */
    char *sop_step;    /* "5", "2-4", ... */
    char *severity;    /* error|violation|warning */
    char *message_id;
    char *message_en;
} dc_report_finding;

/* A field of the daily report's lists: one waiting for review, or a value the scan took from an
 * earlier visit instead of what it read (fields.basis "same_visitor"), shown to the operator, who
 * may check the spelling on the paper. */
typedef struct dc_report_pending {
    char serial[32];
    char *field;
    char *value;       /* in review: the best reading, may be NULL; taken: the value recorded */
    double confidence;
    char *read_as;     /* taken: what the scan read; NULL in review */
} dc_report_pending;

/* One page not turned into a record: rejected, a duplicate, or a form with nothing written (an
 * unused form, status blank). */
typedef struct dc_report_page {
    char *file;
    int page;
    char *status;      /* rejected|duplicate|blank */
    char *reason;
    char *serial;      /* may be NULL */
} dc_report_page;

/* A labelled count (purpose, institution, rule, SOP step). */
typedef struct dc_report_count {
    char *key;
    long n;
} dc_report_count;

typedef struct dc_report_daily {
    dc_report_meta meta;
    dc_report_visit *visits;     size_t nvisits;
    dc_report_visit *other_dated; size_t nother_dated;   /* forms of the day's stack dated another day */
    dc_report_finding *findings; size_t nfindings;      /* of the visits and of other_dated */
    dc_report_pending *pending;  size_t npending;       /* of the visits and of other_dated */
    dc_report_page *rejected;    size_t nrejected;  /* pages of the day's batches */
    long blank_backs;            /* blank pages of the day's batches that are no form (a sheet's
                                  * back): counted, not listed, so that every page is accounted for */
    dc_report_pending *taken;    size_t ntaken;     /* taken from an earlier visit (schema 3) */
} dc_report_daily;

#define DC_REPORT_MAX_DAYS 31

typedef struct dc_report_monthly {
    dc_report_meta meta;
    int year, month, ndays;
    long visits;               /* records whose visit date is in the month */
    long unique_visitors;      /* distinct ID numbers */
    long unidentified;         /* visits with no ID number read (not in unique_visitors) */
    long granted, refused;
    long no_decision;        /* visits with neither decided: no box or both ticked, or in review (the three add up to visits) */
    long per_day[DC_REPORT_MAX_DAYS];   /* index day-1 */
    long per_hour[24];                  /* by entry time; visits without one are not counted */
    long no_entry_time;                 /* those visits (refused, or the time not read yet): said under
                                         * the chart, so that its bars add up to the visits */
    dc_report_count *per_purpose;      size_t nper_purpose;      /* fixed order, see loader; "several"
                                                                  * (more than one ticked) only when some */
    dc_report_count *top_institutions; size_t ntop_institutions; /* at most 10, most visits first (a
                                                                  * tie in alphabetical order) */
    long other_institutions, other_institution_visits; /* those past the 10, and their visits */
    long no_institution;       /* visits with no institution read (in review, not written, or the
                                * device checklist alone): said under the table, so that its rows
                                * add up to the visits */
    long durations_n;          /* visits with a known duration */
    double duration_mean, duration_median;
    int duration_max;
    int limit_min;             /* visit time limit (SOP step 5: 60) */
    long over_limit;           /* visits with duration > limit_min */
    dc_report_count *per_rule; size_t nper_rule;   /* findings per rule id, most first */
    dc_report_count *per_step; size_t nper_step;   /* findings per SOP step, by step */
    long records_with_findings;
    long compliance_base;      /* visits whose findings are known: all but those in review with none yet */
    double compliance_rate;    /* (compliance_base - records_with_findings) / compliance_base; 0 when none */
    long devices_in, devices_out;
    long pending_review;       /* records still needing review */
    long pending_fields;       /* fields in review */
    char *rules_text;          /* the rules in force when the report was written; NULL: not given */
    int rules_engine;          /* the rules engine they are checked by (dc_rules_stamp_engine of the
                                * loader's rules_stamp); 0: not given */
    long other_rules;          /* records last checked with other rules, or before the archive kept
                                * them (dcaccess recheck checks them again) */
    dc_report_visit *visits_list; size_t nvisits_list;   /* masked */
    char *signatory_name;      /* NULL: blank line to sign on */
    char *signatory_nip;
} dc_report_monthly;

typedef struct dc_report_correction {
    char *old_value, *new_value, *who, *at, *why;
    char *old_state;   /* the field's state before: "accepted" when the scan had accepted the value */
    double old_conf;   /* the scanner's confidence in the old value; negative: none (a value a person
                          typed, the rules or batch date, or a correction made before schema 9) */
} dc_report_correction;

/* A correction made in the audit's month to a record of another month (its visit date, else its
 * batch date, elsewhere): the audit of that month, written before, does not show it. */
typedef struct dc_report_late_correction {
    char *serial;
    char *field;
    char *visit_date;                 /* the record's visit date, else batch date; NULL: no record */
    dc_report_correction c;
    char *label[2];                   /* Indonesian, English: the field as the record's forms print it (as
                                       * dc_report_field.label; the latest forms' when there is no record);
                                       * NULL when none names it (the PDF gives the id then) */
} dc_report_late_correction;

typedef struct dc_report_field {
    char *id;
    char *value;
    double confidence;
    char *state;                      /* empty|accepted|review|corrected */
    char *basis;                      /* fields.basis: why the scan accepted the value as read; NULL
                                       * when it did not, or before schema 3 */
    char *read_as;                    /* fields.read_as: what the scan read when it stored another
                                       * value (basis same_visitor); NULL otherwise */
    dc_report_correction *corrections; size_t ncorrections;
    char *label[2];                   /* Indonesian, English: what the form prints beside it ("Jam datang",
                                       * "Perangkat 3: Masuk"), from its page's template; NULL when no
                                       * template names it (dc_report_field_label gives the id then) */
} dc_report_field;

typedef struct dc_report_source {
    char *form;                       /* access|checklist */
    int template_version;             /* the version of the form's template it was read with (0: not stored) */
    char *file;
    int page;
    char sha256[65];                  /* of the source file */
    char batch_date[11];              /* of the batch this page was scanned in ("" if none) */
    unsigned char *thumb_png;         /* page thumbnail (PNG), may be NULL */
    size_t thumb_len;
} dc_report_source;

typedef struct dc_report_record {
    dc_report_visit visit;            /* ID number and phone whole */
    char batch_date[11];
    dc_report_source sources[2];      size_t nsources;
    dc_report_field *fields;          size_t nfields;
    dc_report_finding *findings;      size_t nfindings;
} dc_report_record;

/* A `dcaccess forms print` run of access forms (form "set" or "access"; a checklist printed alone
 * makes no visit) and what became of its serials, as the archive holds them when the report is
 * written. Numbered forms are handed out in order: a serial not scanned below the run's highest
 * scanned one is a form to account for (spoilt, lost, or a visit whose paper did not reach the
 * scan). The printed ranges are chained from schema 12 on (verify checks them). */
typedef struct dc_report_print_run {
    long first, last;
    char *form;                       /* set|access */
    char *at;                         /* when it was printed (UTC, ISO 8601, as stored) */
    char *file;                       /* the PDF it was written to */
    long visits;                      /* serials whose access form made a record */
    long unused;                      /* else scanned with nothing written on any page of it */
    long other;                       /* else scanned otherwise (rejected; a checklist alone, whose
                                       * record has no access form: access_form_missing, also when
                                       * its access form was scanned blank) */
    long not_scanned;                 /* no page of the serial in the archive */
    dc_serial_span *missing;          size_t nmissing;   /* of not_scanned: below the highest scanned */
    long nmissing_serials;            /* the serials the spans hold */
    long reprint_of_first, reprint_of_last;   /* a reprint (--reprint): the earlier print of access
                                               * forms it prints serials of again; 0, 0 if none */
} dc_report_print_run;

/* A visit of the month dated before the first print of access forms holding its serial: its
 * date misread, or a form not of that print (a copy, another archive's). */
typedef struct dc_report_early_visit {
    char serial[16];
    char visit_date[11];              /* YYYY-MM-DD */
    char printed[11];                 /* the print's local date, YYYY-MM-DD */
} dc_report_early_visit;

typedef struct dc_report_audit {
    dc_report_meta meta;
    bool chain_checked;               /* false: the chain was not verified (shown as such) */
    bool chain_ok;
    size_t chain_entries, chain_records, chain_corrections, chain_files;
    char head_hash[65];
    char **problems;                  size_t nproblems;
    dc_report_record *records;        size_t nrecords;
    dc_report_page *pages_out;        size_t npages_out;   /* of the month's batches: no visit */
    long blank_backs;                 /* blank pages of the month's batches that are no form: counted */
    dc_report_late_correction *late;  size_t nlate;        /* made this month, records of others */
    bool prints_kept;                 /* the archive keeps print runs (schema 6) and holds at least one */
    dc_report_print_run *prints;      size_t nprints;      /* runs printed this month (local time) or
                                                            * holding a serial of its records */
    char **unprinted;                 size_t nunprinted;   /* the month's records whose serial no run
                                                            * holds (prints_kept only) */
    char **checklist_only;            size_t nchecklist_only;   /* and those whose serial only runs of
                                                            * device checklists hold (forms print checklist) */
    dc_report_early_visit *early;     size_t nearly;       /* dated before their form was printed */
} dc_report_audit;

void dc_report_daily_free(dc_report_daily *m);
/* When `serial` is one of the day's stack's forms dated another day (m->other_dated), its visit
 * date ("" when unread; owned by m); NULL for the day's own visits. */
const char *dc_report_daily_other_date(const dc_report_daily *m, const char *serial);
void dc_report_monthly_free(dc_report_monthly *m);
void dc_report_audit_free(dc_report_audit *m);

/* Masks a NIK or phone for everyday reports: first 4 and last 4 digits kept, the rest '*'
 * ("6171********0003"); values of 8 characters or fewer are fully masked. NULL -> NULL.
 * Returns a new string (caller frees). */
char *dc_report_mask(const char *s);

/* Field `f`'s label in `lang`, or its id when it has none (static or f's, never NULL). */
const char *dc_report_field_label(const dc_report_field *f, dc_report_lang lang);
/* Whether correction `c` set the value the field had (none and "" alike): a person confirmed it (a
 * spot check, review's "checked, as read"), which the chain keeps as a correction. */
bool dc_report_correction_confirms(const dc_report_correction *c);
/* Field `f`'s state as the audit's field tables show it (static): dc_report_state_label's, but
 * "dikonfirmasi" / "confirmed" for a field whose every correction confirmed its value (its
 * corrections cell says "unchanged (confirmed)"; "corrected" read as a value a person changed). */
const char *dc_report_field_state_label(const dc_report_field *f, dc_report_lang lang);
/* Sets f->label (both languages, replacing none already set) from what its form prints:
 * `text_id`, `text_en` without the hint in brackets at their end ("Jam datang (JJ:MM)": "Jam
 * datang"), then in brackets "baris N" / "row N" when `row` > 0 (a cell of the device table, the
 * texts its column's heading: "Masuk (baris 3)"), or the form's name when `form` (a checklist's
 * signature: "Tanda tangan pengunjung (ceklist perangkat)").
 * With no texts, the reports' names of the batch date and of the rules a record was checked with
 * (f->id "batch_date", "rules"), or nothing. DC_OK, or DC_ERR_NOMEM. */
int dc_report_field_label_set(dc_report_field *f, const char *text_id, const char *text_en, int row,
                              const char *form);

/* A run of whole rows of the device checklist's table with nothing on them, one row after the
 * other: fields [i, end) of a record (in the order of the paper, dc_report_audit_load), rows
 * first_row..last_row, the least confidence of their fields. */
typedef struct dc_report_unused_rows {
    size_t end;
    int first_row, last_row;
    double least;
} dc_report_unused_rows;
/* Whether r->fields[i] starts such a run (a field "device_N_..." that is the first of its row):
 * each field of the rows empty or a box read as not ticked, none corrected. The audit's PDF shows
 * the run as one line (its workbook lists every field). */
bool dc_report_unused_device_rows(const dc_report_record *r, size_t i, dc_report_unused_rows *out);

/* The audit's fields the scan accepted by why it accepted them (dc_report_field.basis): counts[b]
 * for each dc_field_basis b, DC_BASIS_NONE for "not recorded" (scanned before schema 3, or a basis
 * this version does not know). Whether a person corrected or confirmed them since or not: they are
 * the "of M accepted values" of dc_report_audit_corrected_text, and add up to M (returned). A
 * value confirmed in a spot check counted no more as a sure reading. Reports list the bases from
 * DC_BASIS_READING on and "not recorded" last. */
#define DC_REPORT_NBASES (DC_BASIS_LETTERS + 1)
size_t dc_report_audit_bases(const dc_report_audit *m, size_t counts[DC_REPORT_NBASES]);
/* The audit's fields the scan accepted and a person changed later (their first correction's old
 * state is "accepted", and their value now is another: a value only confirmed is not counted), by
 * why the scan accepted them: what the recognizer got wrong and said it was sure of, as the
 * month's own forms measure it. Never the batch date or rules, shown as fields but read by no
 * scan. Returns their total. */
size_t dc_report_audit_corrected_bases(const dc_report_audit *m, size_t counts[DC_REPORT_NBASES]);
/* "3 of 123 accepted values (2.44%): sure reading 2, batch date 1" ("0 of 123 accepted values
 * (0.00%)" when a person changed none), then "; fields read as empty, filled in later by a person:
 * 2" and "; fields the scan left in review, then set by a person: 4" when there are such (not
 * accepted: so that a month whose corrections were all of values in review does not read "none"
 * beside them), or the text for none when there is nothing to count, into buf; the 123 are the
 * values the scan accepted, whether a person corrected them since or not. */
void dc_report_audit_corrected_text(char *buf, size_t len, dc_report_lang lang, const dc_report_audit *m);

/* "harian-2026-11-02.xlsx" / "daily-2026-11-02.pdf", "bulanan-2026-11.xlsx" / "monthly-2026-11.pdf",
* "audit-2026-11.xlsx". ext without dot. Returns a new string (caller frees), NULL on no memory. */
char *dc_report_filename(dc_report_kind kind, dc_report_lang lang, const char *period, const char *ext);

/* Validates a period: "YYYY-MM-DD" (daily) or "YYYY-MM" (monthly, audit). DC_ERR_VALUE otherwise,
 * with a detail naming the expected form. *year, *month and *day receive the parts (day 0 for months). */
int dc_report_period_parse(dc_report_kind kind, const char *period, int *year, int *month, int *day);

/* DC_OK when the folder that will hold `path` exists and is writable, and `path` is not a folder
 * or a read-only file (one protected on purpose is never replaced); else DC_ERR_IO naming the
 * folder or the file (checked before writing so the person learns which is at fault). */
int dc_report_check_folder(const char *path);

#endif
