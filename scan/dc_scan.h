/* dc_scan: the scan stage: image files -> aligned, identified and read page results. */
#ifndef DC_SCAN_H
#define DC_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include <leptonica/allheaders.h>

#include "dc_page.h"
#include "dc_template.h"

typedef struct dc_scan_options {
    int jobs;               /* worker threads (each with its own OCR engines); default 2 */
    const char *icr_model;  /* digit recognizer model; NULL: dc_data_dir()/scan/models/icr-digits.bin
                               if present, else Tesseract reads the digits; "": always Tesseract */
    bool keep_crops;        /* store a PNG crop of every field (and the page thumbnail) */
    double max_megapixels;  /* images larger than this are rejected before decoding */
    const char *staff_roster; /* staff names for operator/escort fields (one per line); NULL:
                               dc_data_dir()/forms/staff.txt if present; "": no roster */
    const char *batch_date; /* "YYYY-MM-DD": the day the stack belongs to. A handwritten date
                               whose digits read as this day is accepted when every cell is
                               read with DC_SCAN_DATE_CONTEXT_CONF (a visitor writes the day of
                               the visit, and the stack is scanned that day); any other date
                               needs the model's own threshold in every cell. NULL: no day is
                               expected. dc_scanner_new: DC_ERR_INVALID_ARG if not a real date. */
    const struct dc_scan_known *known; /* values already checked by a person, per field (below); */
    size_t nknown;                     /* NULL/0: none. dc_scanner_new copies them. */
    const struct dc_scan_visitor_value *visitors; /* a returning visitor's checked name and */
    size_t nvisitors;                  /* institution by ID number (below); NULL/0: none; copied */
    const char *letter_model; /* letter recognizer (dc_icr, capitals A-Z) that reads a hand-printed
                               comb text field cell by cell; a field whose line reading the text
                               policy would send to review is accepted when both read it alike
                               (DC_BASIS_LETTERS; scan/README.md). NULL: dc_data_dir()/
                               DC_ICR_LETTER_MODEL if present; "": none */
} dc_scan_options;

#define DC_SCAN_OPTIONS_INIT { 2, NULL, true, 200.0, NULL, NULL, NULL, 0, NULL, 0, NULL }

/* Values a person has already checked in a handwritten field on earlier visits (the archive's
 * dc_archive_checked_values): a returning visitor writes the same name, institution, ID and phone
 * number again.
 * - A digits field of that form and field id held back only by a cell's confidence, whose reading
 *   is exactly one of these values, is accepted when every cell is read with DC_SCAN_KNOWN_CONF
 *   (only with the ICR reading digits, as for the batch date).
 * - A comb text field the text policy would send to review, whose reading has one letter in every
 *   written box, no stray mark and at least DC_SCAN_KNOWN_TEXT_MIN characters, and is exactly one
 *   of these values, is accepted.
 * Any other reading is decided as before. Values are compared exactly, as the archive stores them
 * (upper case, single spaces); empty ones and ones longer than DC_SCAN_KNOWN_MAX bytes never
 * match and are ignored. */
typedef struct dc_scan_known {
    const char *form;          /* "access" | "checklist" */
    const char *field;         /* a field of that form ("id_number", "visitor_name") */
    const char *const *values; /* any order, repeats allowed */
    size_t n;
} dc_scan_known;

/* What a person checked in a field of the access form on the latest earlier form that bears an ID
 * number (the archive's dc_archive_visitor_values): the same visitor's name and institution.
 * On an access page whose ID number the scan accepts, a visitor_name or institution reading that
 * the text policy sends to review (not for a stray mark, one letter, or faint writing) is accepted
 * as the value checked for that ID number when dc_scan_same_visitor() says the reading is that
 * value; the field's basis is then DC_BASIS_SAME_VISITOR and its value the checked one. */
typedef struct dc_scan_visitor_value {
    const char *id_number; /* as the archive stores it */
    const char *field;     /* "visitor_name" | "institution" */
    const char *value;     /* checked by a person; the first given per ID number and field counts */
} dc_scan_visitor_value;

/* Whether `reading` (a name or institution in review, '?' for an unread letter) is `checked`: at
 * least DC_SCAN_KNOWN_TEXT_MIN characters, as many letters as `checked` (word gaps aside: a comb
 * holds one letter per box, so another count is another spelling or another name, not a misread),
 * and within the staff roster's rule of `checked` alone (dc_scan_suggest with one value: within a
 * quarter of its letters, two thirds of the letters read). */
bool dc_scan_same_visitor(const char *reading, const char *checked);

/* The letters of a comb reading, unread ones ('?') included and word gaps aside: the boxes it
 * filled (0 for NULL). */
size_t dc_scan_letters(const char *s);

/* For a person reviewing a field (`dcaccess review`): the one value of `values` (n, e.g. the
 * values checked in that field on other forms) that the best reading `reading` ('?' for an unread
 * letter or digit) most likely is, or NULL. A number (`digits`): of the same length, at most one
 * digit different or unread, and every other value at least three digits further. A name or
 * other text: the staff roster's rule (scan/README.md, "Staff names: the roster": within a
 * quarter of its letters, word gaps aside, every other value at least 3 edits further, two thirds
 * of the letters read). The result is one of `values`. It is only a suggestion: nothing is
 * accepted by it. */
const char *dc_scan_suggest(const char *reading, const char *const *values, size_t n, bool digits);

#define DC_SCAN_KNOWN_MAX 64
/* A name read exactly as a checked one is taken only from this length: a misread that lands on
 * another real name is likelier the shorter the names ("EKA" and "EKO"). */
#define DC_SCAN_KNOWN_TEXT_MIN 6

/* The cell confidence (the ICR's margin) that accepts a handwritten date reading as the batch
 * date. Chosen on real writers' digits not used elsewhere for choices ("fit", MNIST training
 * writers): the lowest of 0.2-0.9 at which no digit is read as one particular other digit in more
 * than 1% of its cells and all wrong readings stay under 1% (0.58% and 0.79% there; the shipped
 * threshold 0.953: 0.34% and 0.29%). A date other than the batch date is not made more likely to
 * be accepted; a misread that lands exactly on the batch date needs every differing digit read
 * as the batch date's digit at this confidence (scan/README.md, "A date that reads as the batch
 * date"). Only the ICR's confidence is calibrated for it: with Tesseract reading digits the rule
 * is off. */
#define DC_SCAN_DATE_CONTEXT_CONF 0.80

/* The cell confidence that accepts a handwritten number (ID, phone) reading exactly as a number a
 * person checked on an earlier visit (dc_scan_known): the batch date's margin, not tuned again.
 * On real writers' digits (`icr-accuracy --numbers`, sel and fit): 16-digit numbers accepted and
 * right 6% alone, 28-30% when known; a number one digit off a known one taken for it 0-1 times in
 * 10,000 (12 digits: 2-3). */
#define DC_SCAN_KNOWN_CONF DC_SCAN_DATE_CONTEXT_CONF

/* The kind of a page a run reads, as the run knows it before reading (dc_scan_callbacks.plan): the
 * time a page takes depends on it. */
typedef enum dc_scan_page_kind {
    DC_SCAN_PAGE_IMAGE,      /* a page of an image file (TIFF, PNG, JPEG, PNM, BMP) */
    DC_SCAN_PAGE_PDF,        /* a page of a PDF file, rasterised by pdftoppm before it is read */
    DC_SCAN_PAGE_UNREADABLE, /* a file that cannot be read: its one page is rejected unread */
    DC_SCAN_PAGE_KINDS       /* how many kinds there are (not a kind) */
} dc_scan_page_kind;

typedef struct dc_scan_callbacks {
    void *user;
    /* Optional: return true to skip a page already stored (SHA-256 of the file, 1-based page;
     * `file` is the path as it is read now). Called on the thread that called dc_scanner_run,
     * once for every page of every file in input order, all before the first page is read (so
     * that the run's pages are known); not for a file that cannot be read at all (no SHA-256). */
    bool (*skip_page)(void *user, const char *file, const char *file_sha256, int page);
    /* Required: called once per page in input order (files sorted, directories recursive,
     * pages in file order), on the thread that called dc_scanner_run. `r` is only valid during
     * the call. A non-zero return stops the run, which then returns that code. */
    int (*page)(void *user, const dc_page_result *r);
    /* Optional: `done` pages given to `page` so far, of the `total` pages this run reads. Every
     * file is opened and its pages counted (and skip_page asked) before the first page is read,
     * so `total` is the same in every call: the pages of all files, less those skip_page
     * skipped (a file that cannot be read counts one page, its rejected result). Called once
     * with done 0 before the first page is read, then after each call of `page` (also the one
     * whose non-zero return stops the run), on the thread that called dc_scanner_run; not at all
     * when there is no page to read. */
    void (*progress)(void *user, size_t done, size_t total);
    /* Optional: a file inside a given folder that is not named like an image or PDF
     * (e.g. notes.txt) and is therefore not read, or a folder in it named "*.crops" (with a
     * trailing '/'): the field images `dcaccess review` and `pending` write beside an archive,
     * not scans. Files named explicitly are always read. */
    void (*skipped_file)(void *user, const char *path);
    /* Optional: the kind of every page this run reads, kinds[0..total) in the order `page` gets
     * them (the `total` of progress), once, just before progress(0, total); `kinds` is valid during
     * the call only. Not called when there is no page to read. */
    void (*plan)(void *user, const dc_scan_page_kind *kinds, size_t total);
} dc_scan_callbacks;

/* The time a run has left, from the time each kind of page took so far (the progress line's): a
 * page still to read counts at the mean time of the pages of its kind read so far, once
 * DC_SCAN_ETA_KIND_PAGES of them are timed, else at the mean of all pages timed. A plain value. */
/* Pages come out of the workers in bursts (two at once with two jobs): the first PDF page alone,
 * its time the burst's, made the time left 70% too long. */
#define DC_SCAN_ETA_KIND_PAGES 2
typedef struct dc_scan_eta {
    size_t left[DC_SCAN_PAGE_KINDS];    /* pages of each kind still to read */
    size_t timed[DC_SCAN_PAGE_KINDS];   /* pages of each kind read and timed */
    double seconds[DC_SCAN_PAGE_KINDS]; /* the time those took */
} dc_scan_eta;

/* Starts the estimate of a run that reads the pages kinds[0..n) (dc_scan_callbacks.plan). */
void dc_scan_eta_init(dc_scan_eta *e, const dc_scan_page_kind *kinds, size_t n);
/* A page of `kind` was read, `seconds` after the page before it; seconds < 0: read but not timed
 * (the first page, whose time holds the engines' start). A kind out of range is ignored. */
void dc_scan_eta_page(dc_scan_eta *e, dc_scan_page_kind kind, double seconds);
/* *seconds: the time the pages left take by the rule above. false (and 0) while no page is timed
 * and pages are left. */
bool dc_scan_eta_left(const dc_scan_eta *e, double *seconds);

typedef struct dc_scanner dc_scanner;

/* Creates a scanner for the templates in `ts` (which must outlive it). `o` may be NULL
 * (defaults). Loads the digit model when one is configured: DC_ERR_MODEL if an explicitly
 * named model cannot be loaded; DC_ERR_IO/DC_ERR_VALUE if an explicitly named staff roster
 * cannot be read. *out belongs to the caller: dc_scanner_free(). */
int dc_scanner_new(dc_scanner **out, const dc_template_set *ts, const dc_scan_options *o);

/* The files a scanner reads as it starts (dc_scan_options), for dc_scan_input_check. */
typedef enum dc_scan_input {
    DC_SCAN_DIGIT_MODEL,  /* icr_model: an ICR model of the digits (DC_ICR_DIGIT_SYMBOLS) */
    DC_SCAN_LETTER_MODEL, /* letter_model: an ICR model of the capitals (DC_ICR_LETTER_SYMBOLS) */
    DC_SCAN_STAFF_ROSTER  /* staff_roster: a text file of names in block capitals, one a line */
} dc_scan_input;

/* Reads file `path` as dc_scanner_new reads it as `input`, and lets it go, so that a caller can
 * say which of its options names a file that will not do before the scanner is started: 0, or
 * what dc_scanner_new would return for it: DC_ERR_MODEL (a model that cannot be opened, is not an
 * ICR model, or reads other symbols), DC_ERR_IO (a roster that cannot be read), DC_ERR_VALUE (a
 * roster that is not a text file, has a line that is not a name in capitals, or no names),
 * DC_ERR_NOMEM, DC_ERR_INVALID_ARG (path NULL or ""). The detail names the file once (and the
 * line); it may hold the file name's bytes as they are. */
int dc_scan_input_check(dc_scan_input input, const char *path);
void dc_scanner_free(dc_scanner *s);

/* Scans files and directories (recursively, sorted by name; inside directories only files with
 * image/PDF extensions: .tif .tiff .png .jpg .jpeg .jpe .jfif .pnm .pbm .pgm .ppm .pdf .bmp). Every page becomes exactly one
 * result (form, blank, duplicate or rejected); unreadable inputs are `rejected` results, not
 * errors. Returns 0, the first non-zero code of cb->page, DC_ERR_INTERRUPTED after
 * dc_scanner_cancel, or DC_ERR_OCR/DC_ERR_NOMEM when the engine itself fails. */
int dc_scanner_run(dc_scanner *s, const char *const *paths, size_t npaths, const dc_scan_callbacks *cb);

/* Asks a running dc_scanner_run to stop after the pages in progress (async-signal-safe). */
void dc_scanner_cancel(dc_scanner *s);

/* --- what is printed on the forms (template dropout) -------------------------------------------
 * A scanner that knows a template's blank printed page tells writing from print around its boxes:
 * a checkbox or choice box read empty with a stroke beside it that is neither printed nor part of
 * another field's writing (a tick made next to its box) goes to review instead of being read as
 * a confident "no". Without a printed page for a template, its boxes are read as before. */

/* Learns the print of one template from `page`: a blank page of one of the scanner's templates
 * as printed (any depth and resolution, at least 200 dpi: a rasterised dc_formprint page),
 * identified by its QR and registered like a scan. A second page of the same template replaces the
 * first. Not while dc_scanner_run is running. DC_ERR_NOT_FORM (with the reason) when the page is
 * not a page of a template in the set, DC_ERR_NOMEM. */
int dc_scanner_add_printed(dc_scanner *s, PIX *page);
/* dc_scanner_add_printed for every page of the PDF file `pdf` (rasterised with pdftoppm at
 * 200 dpi). DC_ERR_PDF_INPUT naming the file and page when it cannot be read, DC_ERR_EXTERNAL when
 * pdftoppm could not be started or was killed, or the codes of dc_scanner_add_printed with the page
 * named. */
int dc_scanner_add_printed_pdf(dc_scanner *s, const char *pdf);
/* How many templates' print the scanner knows. */
size_t dc_scanner_printed_count(const dc_scanner *s);

/* Which digit reader is in use: "icr" or "tesseract". Static string. */
const char *dc_scanner_digit_backend(const dc_scanner *s);

/* Whether a letter recognizer reads hand-printed comb text beside Tesseract
 * (dc_scan_options.letter_model). */
bool dc_scanner_reads_letters(const dc_scanner *s);

/* Reads one page image (any depth). `file` and `pageno` only label the result.
 * file_sha256 is left "", duplicates are not checked (that needs a run). *out is filled and
 * belongs to the caller: dc_page_result_clear(). Bad pages give status REJECTED and return 0;
 * errors are engine failures (DC_ERR_OCR, DC_ERR_NOMEM). Not thread-safe per scanner. */
int dc_scan_pix(dc_scanner *s, PIX *page, const char *file, int pageno, dc_page_result *out);

/* --- the cells of a stored digit field (re-reading them, exporting checked cells) ------------ */

/* True for a field read by the digit reader: a digits, date or time field of comb cells. */
bool dc_scan_is_digit_comb(const dc_field *f);

/* The comb cells of a digit, date or time field `f` cut from its stored crop (the PNG the scan
 * kept: dc_field_value.crop_png, the archive's fields.crop) exactly as the digit reader got
 * them: (*cells)[i] is the 8 bpp grey interior of cell i at DC_SCAN_PX_PER_MM px/mm and
 * (*ink)[i] the scanner's ink test for it, for i < f->ncells. Both belong to the caller:
 * dc_scan_cells_free(*cells, f->ncells) and free(*ink).
 * The crop may be the readers' (the cells' union grown by 1 mm) or a person's wider one (writing
 * over or beside the comb), which holds the readers' at its centre.
 * DC_ERR_INVALID_ARG: `f` is not a comb of digit cells; DC_ERR_IMAGE: the PNG does not decode,
 * or its size is not one of this field's crops (another template version); DC_ERR_NOMEM. */
int dc_scan_field_cells(const dc_field *f, const unsigned char *png, size_t len, PIX ***cells, int **ink);
void dc_scan_cells_free(PIX **cells, size_t n);

/* What each cell of a digit, date or time field holds when a person has read its value:
 * labels[i] (for i < f->ncells) = 0-9, or -1 for an empty cell. A date "YYYY-MM-DD" fills its
 * 8 cells DDMMYYYY and a time "HH:MM" its 4 cells HHMM (at most one of them may fail the ink
 * test: a faint digit); a digit string must fill the cells that hold ink, which are one run
 * exactly as long as the value, or every cell; "" or NULL means every cell is empty and none
 * holds ink. `ink` is dc_scan_field_cells's. DC_ERR_VALUE when the value and the ink do not
 * line up (the reason in dc_error_detail()): such a field teaches nothing reliable about its
 * cells. */
int dc_scan_cell_labels(const dc_field *f, const char *value, const int *ink, int *labels);

/* --- lower-level pieces, public for tests and tools ----------------------------------------- */

/* Registration of a page: where the template's mm coordinates are in the image. */
typedef struct dc_scan_registration {
    double h[9];        /* homography: template mm (x, y, 1) -> image px */
    int rotation;       /* 0, 90, 180, 270: how the page lies in the image */
    double skew_deg;    /* remaining angle beyond `rotation` */
    double dpi;         /* image pixels per inch along the page */
    double marks_px[5][2]; /* centres found: TL, TR, BL, BR, orientation (image px) */
} dc_scan_registration;

/* Finds the registration marks of the mark layout of `t` in a grey page. DC_ERR_NOT_FORM with a
 * detail when no plausible set of marks is present. */
int dc_scan_register(dc_scan_registration *out, PIX *grey, const dc_template *t);

/* Maps template mm to image px. */
void dc_scan_map(const dc_scan_registration *reg, double x_mm, double y_mm, double *x_px, double *y_px);

/* OMR state of one box. */
typedef enum dc_omr_state {
    DC_OMR_EMPTY,       /* nothing inside */
    DC_OMR_TICKED,      /* a tick or cross */
    DC_OMR_FILLED,      /* fully inked: a cancelled tick, counts as not ticked */
    DC_OMR_UNCLEAR      /* too much for empty, too little for a tick: review */
} dc_omr_state;

/* Thresholds on the dark-pixel ratio inside a box shrunk by DC_OMR_INSET_MM (which drops the
 * printed border). Measured on generated scans (seed 15, 200 pages, all damage conditions):
 * empty boxes 0.000, ticks 0.17-0.52, fully inked boxes 1.00; the thresholds sit in the gaps. */
#define DC_OMR_INSET_MM      0.7
#define DC_OMR_EMPTY_MAX     0.030  /* below: empty */
#define DC_OMR_TICK_MIN      0.070  /* from here: ticked */
#define DC_OMR_TICK_MAX      0.620  /* up to here: ticked */
#define DC_OMR_FILLED_MIN    0.950  /* from here: fully inked (cancelled, if inked to its border and not
                                       beyond: a marker's thick tick is unclear; session 11) */

/* Classifies a dark-pixel ratio (0..1); *confidence gets 0..1. */
dc_omr_state dc_scan_omr_classify(double ratio, double *confidence);

#endif
