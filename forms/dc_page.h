/* dc_page: a scanned page's result, the plain-data hand-over from scan/ to parse/. */
#ifndef DC_PAGE_H
#define DC_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum dc_page_status {
    DC_PAGE_FORM,       /* a dcaccess form page: identified and read */
    DC_PAGE_BLANK,      /* no ink (e.g. the back of a duplex scan): skipped */
    DC_PAGE_DUPLICATE,  /* same form serial+page, or same image, as an earlier page */
    DC_PAGE_REJECTED    /* unreadable, not our form, unknown template: `reason` says which */
} dc_page_status;

typedef enum dc_field_state {
    DC_STATE_EMPTY,     /* nothing written (value NULL) */
    DC_STATE_ACCEPTED,  /* confident and valid for its type */
    DC_STATE_REVIEW     /* unsure or invalid: value is the best reading (may be NULL) */
} dc_field_state;

/* Why the scanner accepted a value (DC_STATE_ACCEPTED); DC_BASIS_NONE for a field it did not accept.
 * Most values pass on their own reading; the others were accepted with less certainty because
 * they agree with something known besides the ink (scan/README.md):
 *   DC_BASIS_READING         the reading alone passed its field's bar (every cell, box or line sure)
 *   DC_BASIS_BATCH_DATE      a visit date read exactly as the batch date, its cells at the lower
 *                            bar DC_SCAN_DATE_CONTEXT_CONF
 *   DC_BASIS_CHECKED_BEFORE  an ID/phone number, name or institution read exactly as a value a
 *                            person checked on an earlier form (dc_scan_options.known)
 *   DC_BASIS_ROSTER          a staff name read close to one name of the staff roster and taken as it
 *   DC_BASIS_SAME_VISITOR    a name or institution read close to the value a person checked on an
 *                            earlier form with the same (accepted) ID number, and taken as it
 *                            (dc_scan_options.visitors)
 *   DC_BASIS_LETTERS         a hand-printed name or institution that the line reader and the
 *                            letter recognizer (one letter per comb cell, each sure) read alike,
 *                            where the line reader alone was not sure enough */
typedef enum dc_field_basis {
    DC_BASIS_NONE,
    DC_BASIS_READING,
    DC_BASIS_BATCH_DATE,
    DC_BASIS_CHECKED_BEFORE,
    DC_BASIS_ROSTER,
    DC_BASIS_SAME_VISITOR,
    DC_BASIS_LETTERS
} dc_field_basis;

/* Why the scanner sent a field to review (DC_STATE_REVIEW); DC_WHY_NONE for a field it did not
 * (and for fields stored before schema 7). A person reviewing the field is told this instead of a
 * confidence alone, which says little when, say, two readers were each sure of another reading. */
typedef enum dc_review_why {
    DC_WHY_NONE,
    DC_WHY_UNSURE,      /* read, but a cell, box or line is below its field's bar */
    DC_WHY_GAP,         /* a cell inside the value is empty or holds ink that is no digit */
    DC_WHY_INVALID,     /* read, but not a valid value for the field (a date, a time, a NIK, the
                           shape of a passport number) */
    DC_WHY_DISAGREE,    /* two readers of different kinds read it differently */
    DC_WHY_UNCLEAR_BOX, /* a box is neither clearly empty nor clearly ticked */
    DC_WHY_NO_CHOICE,   /* no box of a one-choice group is ticked */
    DC_WHY_SEVERAL,     /* several boxes of a one-choice group are ticked */
    DC_WHY_FAINT,       /* light writing (pencil?) on a page written in pen: it may be a stain */
    DC_WHY_LINE,        /* a line runs across the signature zone (a fold, a crossing-out) */
    DC_WHY_STRAY,       /* a stray mark, or a single letter, among or beside the writing */
    DC_WHY_BESIDE,      /* the comb is empty and there is writing just above or below it */
    DC_WHY_CROSSED,     /* writing crosses a cell's outline and cannot be read inside it */
    DC_WHY_ZERO_OR_O,   /* a ring that may be a 0 or an O, and the page's writing does not tell */
    DC_WHY_UNREAD       /* there is writing, but no reader could read it */
} dc_review_why;

/* One field read from a page. Values use the output forms of the templates:
 * dates "YYYY-MM-DD", times "HH:MM", ticks/signatures "true"/"false", choices the option value. */
typedef struct dc_field_value {
    char *id;                   /* template field id */
    char *value;                /* NULL when empty or unreadable */
    double confidence;          /* 0..1 */
    dc_field_state state;
    dc_field_basis basis;       /* why it was accepted; DC_BASIS_NONE unless state is ACCEPTED */
    dc_review_why why;          /* why it is in review; DC_WHY_NONE unless state is REVIEW */
    char *read_as;              /* what was read, when the value is not it (DC_BASIS_SAME_VISITOR:
                                 * the value is the one checked before); NULL otherwise. Owned */
    unsigned char *crop_png;    /* PNG of the field's area on the aligned page (may be NULL); for a
                                 * comb crossed by writing (crossed != 0) or written beside, with a
                                 * wider margin so that a person sees the whole writing (the
                                 * standard crop lies at its centre: dc_scan_field_cells) */
    size_t crop_png_len;
    uint32_t crossed;           /* comb fields: bit i set when the writing of cell i (i < 32) crosses
                                 * its printed outline and its inside (the cell less 0.6 mm, what the
                                 * readers' crop gives a reader) does not hold it whole: it runs on
                                 * beyond, or cannot be told from what is around it. The reader then
                                 * read it past the comb or sent it to review; `dcaccess cells`
                                 * leaves such cells out. 0 otherwise */
} dc_field_value;

typedef struct dc_page_result {
    char *file;                 /* input path as given */
    int page;                   /* 1-based page within the file */
    char file_sha256[65];       /* hex SHA-256 of the whole input file ("" if unreadable) */
    char image_sha256[65];      /* hex SHA-256 of the decoded page pixels (duplicate detection) */
    dc_page_status status;
    char *reason;               /* why blank/duplicate/rejected; NULL for forms */
    char form[16];              /* "access" | "checklist" ("" unless identified; a page rejected
                                 * after its QR was read, as an unknown template or for marks not
                                 * found, has form, template_version, serial and sheet_page too) */
    int template_version;
    char serial[32];
    int sheet_page;             /* page number within the form set (from the QR) */
    double dpi;                 /* estimated scan resolution */
    int rotation;               /* degrees the page was turned (0, 90, 180, 270) */
    double skew_deg;            /* residual skew corrected */
    size_t nfields;
    dc_field_value *fields;
    unsigned char *thumb_png;   /* small image of the aligned page for reports (may be NULL) */
    size_t thumb_png_len;
} dc_page_result;

const char *dc_page_status_name(dc_page_status s);   /* "form", "blank", ... */
const char *dc_field_state_name(dc_field_state s);   /* "accepted", "review", "empty" */
/* "reading", "batch_date", "checked_before", "roster", "same_visitor"; NULL for DC_BASIS_NONE. These are the
 * archive's fields.basis values. */
const char *dc_field_basis_name(dc_field_basis b);
/* The basis named `name` (NULL or "" is DC_BASIS_NONE); DC_ERR_INVALID_ARG for another name. */
int dc_field_basis_parse(dc_field_basis *out, const char *name);
/* "unsure", "gap", "invalid", ...: the archive's fields.why values; NULL for DC_WHY_NONE. */
const char *dc_review_why_name(dc_review_why w);
/* What the reason means, for the person reviewing the field ("two readers read it differently").
 * `name` is a dc_review_why_name; an unknown name (an archive written by a later version) is
 * returned as it is, and NULL gives NULL. */
const char *dc_review_why_text(const char *name);

/* Frees n field values (their id, value, read_as and crop) and the array; NULL is fine. */
void dc_field_values_free(dc_field_value *v, size_t n);

/* Frees the members of `r` (not `r` itself); NULL is fine. */
void dc_page_result_clear(dc_page_result *r);
/* A deep copy of `r` into *out (its strings, fields, crops and thumbnail); the copy belongs to the
 * caller: dc_page_result_clear(). DC_ERR_NOMEM (nothing to free) when memory runs out. */
int dc_page_result_copy(dc_page_result *out, const dc_page_result *r);

/* Field lookup by id; NULL when absent. */
const dc_field_value *dc_page_result_field(const dc_page_result *r, const char *id);
/* Whether anything is written on a form page: a field read as a value other than "false" (an
 * unticked box, an empty signature), or sent to review for anything but no box of a choice being
 * ticked (a faint, stray or unclear mark counts). A form page with nothing written is an unused
 * form, not a visit. */
bool dc_page_has_writing(const dc_page_result *r);

/* Whether two readings of pages with one form serial and page number hold other writing, i.e. are
 * two sheets, not one sheet scanned twice. A field differs when both readings are sure of it
 * (accepted, or nothing written) and disagree; when one is sure nothing is written and the other
 * read a value (ink against none); or when one accepted a value and the other read one in review
 * with less than half its characters in common (two names, not a misread letter). Two scans of one sheet differ
 * only where a reading is wrong, two sheets in several fields: even a visitor coming back on a
 * photocopied form writes other times. Other writing is at least DC_PAGE_OTHER_MIN fields that
 * differ; erring that way rejects a rescan with a message, where the other way would merge a
 * visit away as a duplicate. `which` (when len > 0) gets the differing field ids,
 * "visitor_name, id_number, phone and 3 more". */
#define DC_PAGE_OTHER_MIN 2
bool dc_page_other_writing(const dc_field_value *a, size_t na, const dc_field_value *b, size_t nb, char *which,
                           size_t len);
/* The reason a page with other writing than an earlier page of its serial is rejected; arguments:
 * form, serial, sheet page, the earlier page's file and page, the differing fields. */
#define DC_PAGE_SERIAL_TAKEN_START "another sheet has this serial:"
#define DC_PAGE_SERIAL_TAKEN_FMT                                                                                \
    DC_PAGE_SERIAL_TAKEN_START " form %s serial %s page %d was read from %s page %d with other writing "       \
    "(%s differ); two sheets carry one serial (a photocopied or reprinted form set): this visit is not "        \
    "stored, keep its paper apart (see README, troubleshooting)"
/* The reason a page whose QR was read is rejected when its registration marks were not found (a
 * folded corner; arguments: form, serial, sheet page), and when the marks of the version its QR
 * names were not found (form, version). The scan summary adds to both with which batch date to
 * scan the sheet again (its stack's: its set's checklist then joins it). */
#define DC_PAGE_MARKS_NOT_FOUND_START "registration marks not found (the QR names"
#define DC_PAGE_MARKS_NOT_FOUND_FMT                                                                             \
    DC_PAGE_MARKS_NOT_FOUND_START " form %s serial %s page %d): a corner is folded, cut off or off the scanner "  \
    "glass; flatten the sheet and scan it again whole, at 100%% on A4"
#define DC_PAGE_VERSION_MARKS_START "registration marks of "
#define DC_PAGE_VERSION_MARKS_FMT DC_PAGE_VERSION_MARKS_START "%s v%d not found"
/* A file that is neither an image nor a PDF (text, or bytes of no format dcaccess reads), named so
 * that nothing says what it is: "not an image or a PDF (it holds text)". */
#define DC_PAGE_NOT_A_SCAN_START "not an image or a PDF ("
#define DC_PAGE_NOT_A_SCAN_FMT DC_PAGE_NOT_A_SCAN_START "%s)"
/* The reason a page whose QR names a form or version the template set does not hold is rejected
 * (arguments: form, version). Such a page is read again by a later scan once the template is there
 * (dc_archive_add_page). */
#define DC_PAGE_UNKNOWN_TEMPLATE_START "unknown template:"
#define DC_PAGE_UNKNOWN_TEMPLATE_FMT DC_PAGE_UNKNOWN_TEMPLATE_START " form %s version %d"
/* The reason the other page of such a set is rejected; arguments: the rejected access form's file
 * and page, the serial. */
/* Room for a reason the archive writes: the messages below name up to two files by full path
 * (PATH_MAX each) beside their words, and end with what to do, which a shorter buffer cut off. */
#define DC_PAGE_REASON_MAX 10240
#define DC_PAGE_SET_TAKEN_START "its set's access form in this stack,"
#define DC_PAGE_SET_TAKEN_FMT                                                                                   \
    DC_PAGE_SET_TAKEN_START " %s page %d, is another sheet with serial %s: this page goes with "             \
    "it, not with the visit stored under that serial; keep it with that paper"

/* The reason the other page of a set is rejected when its set's access form in this stack (any
 * batch of its batch date) was rejected (damaged, an unknown template) while the access form
 * stored under the serial is from another stack (another batch date, and dated otherwise):
 * arguments: the rejected access form's file and page, the serial, the stored access form's file
 * and page, and its batch date twice (the page, scanned with that date, joins that visit). */
#define DC_PAGE_SET_REJECTED_FMT                                                                                \
    DC_PAGE_SET_TAKEN_START " %s page %d, was rejected, and the visit stored under serial %s is another "     \
    "stack's (%s page %d, batch date %s): this page goes with the rejected sheet, not with that visit; keep "  \
    "it with that paper, or, if the two are one visit's set, scan this page again into a new file with "     \
    "--batch-date %s"
/* The reason an access form is rejected when the checklist stored under its serial came from
 * another stack whose access form of the serial was rejected, and this one is not of that stack
 * (another batch date, and dated otherwise): arguments: the serial, the checklist's file and page,
 * the rejected access form's file and page, that stack's batch date, this scan's batch date, and
 * that stack's batch date again. */
#define DC_PAGE_SET_LEFT_START "the checklist stored under this serial came with another access form:"
#define DC_PAGE_SET_LEFT_FMT                                                                                    \
    DC_PAGE_SET_LEFT_START " checklist %s, %s page %d, was scanned with its access form, %s page %d, which "   \
    "was rejected (batch date %s); this sheet, scanned with batch date %s and not dated so, is taken for "     \
    "another sheet with the serial and not stored, so that the devices of that visit are not given to it; "   \
    "keep its paper apart, or, if it is that rejected access form, scan it again into a new file with "       \
    "--batch-date %s"

/* A string as a new JSON string (a jansson json_t *), or JSON null for NULL. Jansson refuses text
 * that is not UTF-8 (a file name from another system, a value an older dcaccess stored), and an
 * object given that NULL silently drops the key: such text is given with U+FFFD in place of the
 * bad bytes instead (dc_text_clean). NULL only when out of memory. */
struct json_t *dc_json_text(const char *s);

/* What to do about a page rejected for `reason` by a scan with batch date `batch_date` ("" when not
 * known: "(the date of its stack)" is said), when the reason does not say it already ("copy or
 * scan it again", "keep its paper apart", ...): NULL then, and for a NULL reason. Written into buf
 * (len bytes; 256 hold any), to follow the reason: it starts with ": " or ", ". */
const char *dc_page_reason_advice(const char *reason, const char *batch_date, char *buf, size_t len);

/* The JSON Lines form of `scan --json` (one object, no newline):
 * {"file","page","status","reason"[,"advice"],"form","template_version","serial","sheet_page",
 *  "fields":{id:{"value","confidence","state","basis"[,"read"]}}}, basis null unless accepted, "read"
 *  only for a value that is not what was read (dc_field_value.read_as); "advice" only for a rejected
 *  page whose reason does not say what to do: dc_page_reason_advice for batch_date (NULL: no
 *  advice), without its leading ": " or ", ". *out is malloc'd, caller frees. */
int dc_page_result_to_json(const dc_page_result *r, const char *batch_date, char **out);

#endif
