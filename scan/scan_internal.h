/* scan_internal: declarations shared by the scan/ sources (not installed, not public). */
#ifndef DC_SCAN_INTERNAL_H
#define DC_SCAN_INTERNAL_H

#include "dc_digits.h"
#include "dc_icr.h"
#include "dc_scan.h"

#include <stdint.h>

/* Resolution of the aligned crops the readers see (10 px/mm = 254 dpi). */
#define DC_SCAN_PX_PER_MM 10.0
/* Resolution used to look for marks and to decide blank pages. */
#define DC_SCAN_SEARCH_DPI 72.0
/* Grey level below which a pixel is ink (crops are normalised so paper is ~255). */
#define DC_SCAN_INK_LEVEL 150
/* Faint writing (scan_ink_level): darkest writing lighter than this is not a pen's ink ... */
#define DC_SCAN_FAINT_DARK 100
/* ... if it is at least this far below the paper (less is the paper's noise or a shadow) ... */
#define DC_SCAN_FAINT_SPAN_MIN 60
/* ... and its ink level stays this far below the paper. */
#define DC_SCAN_FAINT_MARGIN 30
/* The widest stroke of faint writing (mm); wider faint ink is a stain (scan_binarize_writing). */
#define DC_SCAN_STROKE_MAX_MM 1.5
/* A pen's ink is darker than this; the printed comb (grey 140) and faint writing are not. */
#define DC_SCAN_PEN_DARK 90
/* Blank page: less than this fraction of the page is ink once specks are removed. */
#define DC_SCAN_BLANK_MAX_INK 0.0015

/* ---- input (scan_input.c) ---- */
/* PNG and JPEG are read by scan_decode.c; other single images (PNM, BMP) by Leptonica. */
typedef enum scan_kind {
    SCAN_KIND_IMAGE,
    SCAN_KIND_PNG,
    SCAN_KIND_JPEG,
    SCAN_KIND_TIFF,
    SCAN_KIND_PDF,
    SCAN_KIND_BAD
} scan_kind;

typedef struct scan_file {
    char *path;
    scan_kind kind;
    int npages;             /* pages known (1 for single images) */
    char sha256[65];
    char *bad_reason;       /* SCAN_KIND_BAD: why the whole file is rejected */
    int cut_page;           /* SCAN_KIND_TIFF: the page whose directory the file ends before (it is
                             * the last of npages and is rejected as truncated), or 0 */
    bool tool_failed;       /* SCAN_KIND_BAD: pdfinfo could not be started or was killed, no fault
                             * of the file's */
} scan_file;

/* Expands paths (files, directories recursively) into a sorted list of regular files.
 * A path that does not exist becomes a file entry that will be rejected. */
/* Expands files and folders (recursive, sorted) into the files to read; files inside folders whose
 * names are not image/PDF names go to *skipped. Both lists belong to the caller (scan_free_list). */
int scan_list_files(char ***out, size_t *n, char ***skipped, size_t *nskipped, const char *const *paths,
                    size_t npaths);
void scan_free_list(char **list, size_t n);

/* ---- decoding (scan_decode.c) ---- */
/* A PNG or JPEG file as an 8-bpp grey page, the same pixels as pixRead() and scan_to_grey(). The
 * codec prints nothing: on failure NULL, and *reason (the caller's, malloc'd) says what is wrong,
 * in the codec's words ("corrupt PNG (IDAT: CRC error)", "corrupt JPEG data (premature end of data
 * segment)"). A JPEG whose image data are damaged is refused even though libjpeg would fill in
 * grey: that is not the page that was scanned. NULL without a reason: out of memory. */
PIX *scan_read_png(const char *path, char **reason);
/* The same for a PNG held in memory (a field's crop from the archive). */
PIX *scan_read_png_mem(const unsigned char *data, size_t len, char **reason);
PIX *scan_read_jpeg(const char *path, char **reason);
/* A JPEG's size from its header, quietly; -1 and *reason when unreadable. */
int scan_jpeg_size(const char *path, int *w, int *h, char **reason);
/* Grey from red, green and blue, as pixConvertRGBToLuminance computes it (exposed for test_scan). */
unsigned scan_luma(unsigned r, unsigned g, unsigned b);
/* Any Leptonica image (colormapped, 1-32 bpp) as 8-bpp grey; a new PIX, NULL if it cannot be. */
PIX *scan_to_grey(PIX *pix);

/* Hashes, sniffs and counts pages of one file (never fails for a bad file: kind BAD + reason). */
int scan_probe_file(scan_file *f, const char *path, double max_megapixels);
void scan_file_clear(scan_file *f);

/* Scanned PDFs are rasterised at this resolution. */
#define DC_SCAN_PDF_DPI 300
/* Rasterises page `page` (1-based) of PDF `path` at `dpi` with pdftoppm, as 8 bpp grey; NULL with
 * *reason set (caller frees) when it cannot, or when the page would exceed `max_mp` megapixels
 * (each page's size is checked before it is drawn) or came out too small to be a page.
 * *tool_failed: pdftoppm could not be started or was killed (no fault of the PDF's). */
PIX *scan_load_pdf_page(const char *path, int page, int dpi, double max_mp, char **reason, bool *tool_failed);

/* Loads page `page` (1-based) as 8 bpp grey. On a bad page returns DC_ERR_IMAGE/DC_ERR_PDF_INPUT
 * with *reason set (caller frees). */
int scan_load_page(PIX **out, char **reason, const scan_file *f, int page, double max_megapixels);

/* ---- geometry (scan_register.c) ---- */
void scan_homography_apply(const double h[9], double x, double y, double *ox, double *oy);
/* Resamples the template box `b` (mm, grown by `margin_mm`) into a new 8 bpp image at `ppmm`. */
PIX *scan_warp(PIX *grey, const double h[9], dc_box_mm b, double margin_mm, double ppmm);
/* dc_scan_register on an already reduced copy (`red`, made by scan_reduce with factor f). */
int scan_register_reduced(dc_scan_registration *out, PIX *grey, PIX *red, double f, const dc_template *t);
/* Reduced copy of the page for searches (2x area steps, 0.8-1.6x dpi_target);
 * *factor = reduced px / original px. */
PIX *scan_reduce(PIX *grey, double dpi_target, double *factor);
/* Ink fraction of a reduced page (specks removed, borders ignored). */
double scan_page_ink(PIX *reduced);
/* The grey level below which a pixel is ink for the page-level tests (blank page, registration
 * marks): 128, as for any scan with dark ink; on a page scanned or copied light, whose darkest ink
 * (the darkest 0.3% of the page) lies at 129-170 on paper at least 60 levels brighter, a third of
 * the way from that ink to the paper. Such a page was filed as blank with a fixed 128. A blank
 * back's show-through (lighter than 170) never raises it. */
int scan_ink_threshold(PIX *reduced);
/* A page printed or scanned lighter still (its darkest 0.3% at 171-225, on paper at least 30
 * levels brighter, as a worn toner or a scanner's brightness turned up gives) has its contrast
 * raised so that darkest ink lies near grey 40 and the paper at 255, for the whole pipeline to read
 * it as it reads a normal scan. Whether the page is one is decided on its reduced copy: true, and
 * the grey levels [*lo, *hi] to stretch onto 0-255 (pixGammaTRC), when it is. The caller tries it
 * only on a page found blank, and keeps it only when it is one of our forms: a blank back's
 * show-through is lifted too, and stays blank. */
bool scan_light_page_levels(PIX *reduced, int *lo, int *hi);

/* ---- QR (scan_qr.c) ---- */
typedef struct scan_qr scan_qr;
int scan_qr_new(scan_qr **out);
void scan_qr_free(scan_qr *q);
/* Decodes the first QR code in an 8 bpp image; *text (caller frees) or NULL when none. */
int scan_qr_decode(scan_qr *q, PIX *grey, char **text);

/* ---- OCR (scan_ocr.c) ---- */
typedef struct scan_ocr scan_ocr;   /* per-thread Tesseract engines, one per language */
int scan_ocr_new(scan_ocr **out);
void scan_ocr_free(scan_ocr *o);
typedef struct scan_ocr_symbol {
    char text[8];
    double conf;            /* 0..1 */
    int x0, x1;             /* horizontal extent in the image given */
} scan_ocr_symbol;
/* Reads one text line of a binary (1 bpp) or grey image at `ppi`; symbols in reading order,
 * ' ' symbols between words. *syms belongs to the caller (free). */
int scan_ocr_line(scan_ocr *o, PIX *img, int ppi, const char *lang, const char *whitelist,
                  scan_ocr_symbol **syms, size_t *nsyms);

/* ---- staff roster (scan_roster.c) ---- */
/* The names of the data-center staff (operator, escort): one name per line, '#' starts a comment,
 * blank lines ignored; names are upper-cased. */
typedef struct scan_roster scan_roster;
/* A reading is taken for a roster name when at most this share of the name's letters differ
 * (edits; an unread cell '?' counts half)... */
#define SCAN_ROSTER_MAX_EDIT_SHARE 0.25
/* ...and every other name is at least this many edits further away. */
#define SCAN_ROSTER_MIN_MARGIN 3
/* Loads a roster; *out belongs to the caller (scan_roster_free). DC_ERR_IO when unreadable,
 * DC_ERR_VALUE (file and line) for a file that is not text (a NUL byte, bytes that are not UTF-8, a
 * control character: no line of it is quoted), a line that is not a name in capitals, or an empty
 * roster. */
int scan_roster_load(scan_roster **out, const char *path);
void scan_roster_free(scan_roster *r);
size_t scan_roster_count(const scan_roster *r);
/* The one roster name `reading` stands for ('?' = an unread cell), or NULL when none is close
 * enough, two are, or fewer than two thirds of the cells were read; *dist gets the edit distance
 * to the nearest name. The name belongs to r. */
const char *scan_roster_match(const scan_roster *r, const char *reading, double *dist);

/* Like scan_ocr_line; single_char reads one character (PSM_SINGLE_CHAR, which under LSTM can
 * still return two symbols). */
int scan_ocr_read(scan_ocr *o, PIX *img, int ppi, const char *lang, const char *whitelist, bool single_char,
                  scan_ocr_symbol **syms, size_t *nsyms);
/* Evaluation knob: non-NULL when $DCACCESS_TEXT_EXPERIMENT names the experiment `name`
 * (tests/eval/handprint, scan/README.md). Unset in production: the shipped readings apply. */
const char *scan_text_experiment(const char *name);

/* ---- values checked on earlier visits (scan_known.c, dc_scan_options.known) ---- */
typedef struct scan_known scan_known;
typedef struct scan_known_set scan_known_set;
/* Copies `known` (n lists): sorted, without repeats, without empty or over-long values. *out is
 * NULL when n is 0.
 * DC_ERR_INVALID_ARG (a list without form, field or values), DC_ERR_NOMEM. */
int scan_known_copy(scan_known_set **out, const dc_scan_known *known, size_t n);
void scan_known_free(scan_known_set *set);
/* Whether `value` is one of the values known for `field` of `form` (false for a NULL set). */
bool scan_known_has(const scan_known_set *set, const char *form, const char *field, const char *value);
/* How many values are known for `field` of `form`. */
size_t scan_known_count(const scan_known_set *set, const char *form, const char *field);

/* A returning visitor's checked values by ID number (dc_scan_options.visitors), copied: one per
 * ID number and field, the first given; entries with an empty ID number or an empty or over-long
 * value are dropped. *out is NULL when n is 0. DC_ERR_INVALID_ARG (no ID number or field),
 * DC_ERR_NOMEM. */
typedef struct scan_visitors scan_visitors;
int scan_visitors_copy(scan_visitors **out, const dc_scan_visitor_value *v, size_t n);
void scan_visitors_free(scan_visitors *s);
/* The value checked in `field` for `id_number`, or NULL (also for a NULL set). */
const char *scan_visitors_value(const scan_visitors *s, const char *id_number, const char *field);
size_t scan_visitors_count(const scan_visitors *s);

/* ---- fields (scan_fields.c) ---- */
#define SCAN_PENDING_MAX 16
typedef struct scan_worker_ctx {
    scan_ocr *ocr;
    dc_digits *digits;
    bool keep_crops;
    const scan_roster *staff;   /* NULL: no roster, staff names are read like any text */
    /* the page being read (reset by scan_read_fields): its font as the zones show it, and the
     * codes accepted on a narrow ring whose meaning depends on that font (scan_settle_rings) */
    int page_mono_zeros;        /* symbols read 0 with the Mono centre dot */
    int page_wide_os;           /* symbols read O with the Sans width */
    bool faint;                 /* the field being read is in a part of the form written
                                   faintly (scan_fields_faint): its crops may take the faint
                                   ink level */
    PIX *printed;               /* the page's template as printed (scan_printed_masks: all of
                                   it, and its lines), shared read-only by the workers; NULL:
                                   not known, boxes are read without looking beside them */
    PIX *printed_lines;
    const dc_template *tmpl;    /* the page's template (set by scan_read_fields) */
    char expect_date[9];        /* the batch date as a date comb holds it (DDMMYYYY), or "" */
    const scan_known_set *known; /* values checked on earlier visits, or NULL */
    const scan_visitors *visitors; /* the same visitors' checked values by ID number, or NULL */
    bool text_plain;            /* set by the comb text reader: the field went to review for its
                                   letters' confidence only (no stray mark, not one letter) */
    bool known_digits;          /* the ICR reads digits: known numbers need DC_SCAN_KNOWN_CONF */
    const dc_icr *letters;      /* the letter recognizer (shared, read-only), or NULL */
    struct {
        dc_field_value *fv;
        bool o_ring;            /* a ring read O (else: read 0) */
    } pending[SCAN_PENDING_MAX];
    size_t npending;
} scan_worker_ctx;

/* Reads every field of template `t` from the registered page into r->fields. */
int scan_read_fields(dc_page_result *r, scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                     const dc_template *t);

/* Binarises an aligned grey crop: ink = 1. Specks smaller than `min_px` are removed. */
PIX *scan_binarize(PIX *crop, int level, int min_px);
/* The ink level for binarising an aligned grey crop: DC_SCAN_INK_LEVEL, unless the darkest
 * writing in it is faint (pencil, a light pen: lighter than DC_SCAN_FAINT_DARK and at least
 * DC_SCAN_FAINT_SPAN_MIN below the paper); then a level as far between that writing and the
 * paper as DC_SCAN_INK_LEVEL is between black and white, at most the paper minus
 * DC_SCAN_FAINT_MARGIN. Empty crops and crops with pen ink get DC_SCAN_INK_LEVEL. */
int scan_ink_level(PIX *crop);
/* scan_binarize at scan_ink_level(crop) when `faint_ok` (else at DC_SCAN_INK_LEVEL); for faint
 * writing, less any ink wider than a stroke in both directions (DC_SCAN_STROKE_MAX_MM at `ppmm`,
 * the crop's px/mm) and any row or column inked over 90% of its length: pencil is as light as
 * a stain, a fold's shadow or a scanner streak, but only writing is made of strokes, and no
 * stroke is a straight band across the whole crop. */
PIX *scan_binarize_writing(PIX *crop, double ppmm, int min_px, bool faint_ok);
/* scan_binarize_writing at a given ink level (not DC_SCAN_INK_LEVEL: with the faint rules). */
PIX *scan_binarize_writing_at(PIX *crop, double ppmm, int min_px, int level);
/* Which fields are written faintly (pencil), faint[i] for t->fields[i]. Each section of the form
 * (dc_template_section_of) is judged on its own: faint when more of its fields' writing areas
 * (cells, boxes, zones, each shrunk by a quarter, read straight from the registered page) hold
 * faint writing than pen writing, as scan_ink_level tells them. A part written in pen is read at
 * DC_SCAN_INK_LEVEL throughout, so its stains and streaks are not taken for pencil; a visitor's
 * part in pen and an operator's part in pencil are each read at their own level; a section
 * without writing is not faint. All false when `grey` is not plain 8 bpp. 0 or DC_ERR_NOMEM
 * (then all false). */
int scan_fields_faint(PIX *grey, const dc_scan_registration *reg, const dc_template *t, bool *faint);
double scan_ink_ratio(PIX *bin);
/* Whether 1-bpp writing `bin` holds a band of 3 rows inked along 90% of its width and near both its
 * ends, or such a band of 3 columns down its height: a line across (a fold, a crease or its
 * shadow), not a tick or a signature. false for NULL or another depth. */
bool scan_line_across(PIX *bin);

/* The veto of a line reading by the letter recognizer, cell by cell: true when, in a cell where the
 * line reading `line` has a letter, the letter reading `letters` has another letter at cellconf >=
 * bar (cellconf: the letter reading's confidence of the k-th inked cell, one per non-space
 * character of `letters`). The k-th non-space characters of the two are the k-th inked cell's (both
 * give each inked cell one character); false when they cannot be paired that way (their counts
 * differ), and for a cell where either holds no letter (a digit, '?'). */
bool scan_letters_veto(const char *line, const char *letters, const double *cellconf, double bar);

/* Collapses runs of blanks into one space and trims both ends, in place; returns the new length.
 * Blanks are spaces only, or with `any_space` every isspace() byte (tabs, newlines); `upper`
 * also upper-cases (ASCII). */
size_t scan_squeeze_blanks(char *s, bool any_space, bool upper);

/* The comb cells of digit field `f` cut from its aligned crop (pixel 0,0 at mm `ox`,`oy`, at
 * DC_SCAN_PX_PER_MM) the way the digit reader gets them: cells[i] the grey interior of cell i
 * (caller destroys), ink[i] the ink test (at the faint level where the cell holds faint writing,
 * if `faint_ok`). `bins`, if not NULL, receives the binarised writing the ink test looked at
 * (1 bpp, the caller destroys; NULL where it could not be made). DC_ERR_NOMEM when a cell cannot
 * be cut (destroy the cells already made). */
int scan_comb_cells(PIX *crop, double ox, double oy, const dc_field *f, bool faint_ok, PIX **cells, int *ink,
                    PIX **bins);

/* Where the crop of comb field `f` starts (mm) and its size in px at `ppmm`, as read_comb makes
 * it (the union of the cells plus the crop margin). */
void scan_comb_crop_geometry(const dc_field *f, double ppmm, double *ox, double *oy, int *w, int *h);

/* Composes the inked cells (1 bpp each, same height) into one compact text line for OCR:
 * narrow gaps between letters, a word gap where empty cells were. x0[i]..x1[i] receive each
 * inked cell's span in the line (-1 for empty cells). Returns NULL when no cell has ink. */
PIX *scan_compose_line(PIX *const *bins, const int *ink, size_t n, int *x0, int *x1);
/* Assigns OCR symbols to cells by their centre: sym_of[i] = symbol index or -1, and -2 when
 * a cell got more than one symbol. Returns the number of symbols that fit no cell. */
int scan_symbols_to_cells(const scan_ocr_symbol *s, size_t ns, const int *x0, const int *x1, size_t n,
                          int *sym_of);
/* Whether the ink in columns [x0, x1] of the binary (1 bpp) line `bin` has the printed shape of
 * the code symbol `c` (O: round and wide, empty centre; 0: the Mono zero's centre dot; 1: a flag
 * and nothing at the top right; I: a bar or serifs on both right corners). Any other `c`, too
 * little ink or too small a glyph: false. Used to accept O/0/I/1 in codes below the confusable
 * confidence bar (scan_fields.c). */
bool scan_code_shape_confirms(PIX *bin, int x0, int x1, char c);
/* Whether the ink in columns [x0, x1] of the binary line `bin` is a closed ring, narrow for its
 * height (width/height 0.50-0.74) with an empty centre: the DejaVu Sans zero (and the Mono O, so
 * it only confirms a symbol read as 0, see read_zone_text). */
bool scan_code_zero_ring(PIX *bin, int x0, int x1);

/* The page's printed font is DejaVu Sans Mono when its zones showed a zero with the centre dot and
 * no O of the Sans width. */
bool scan_page_is_mono(int mono_zeros, int wide_os);
/* Codes accepted on a narrow ring (scan_code_zero_ring) wait for the page: a ring read O is an O
 * on a Mono page (accepted) and a misread Sans zero elsewhere (review); a ring read 0 is a Sans
 * zero except on a Mono page (review there). Sets the states of w->pending and empties it. */
void scan_settle_rings(scan_worker_ctx *w);

/* ---- template dropout (scan_dropout.c) ---- */
/* The window looked at around a box: this many box widths to either side, box heights above
 * and below (a tick made beside its box lands about one box width away). */
#define SCAN_BESIDE_WIDTHS 1.5
#define SCAN_BESIDE_HEIGHTS 1.0
/* What is printed on template t, from a registered blank printed page: 1 bpp masks of the page at
 * DC_SCAN_PX_PER_MM in template mm (pixel 0,0 at mm 0,0), grown by half a millimetre: *all the
 * print as the page shows it, *lines the outlines of its cells, boxes and zones and its table's
 * rules, from the template (what is not a line is text). Both belong to the caller. 0 or
 * DC_ERR_NOMEM. */
int scan_printed_masks(PIX **all, PIX **lines, PIX *grey, const dc_scan_registration *reg, const dc_template *t);
/* Whether there is a mark beside box b of template t (a checkbox or a choice option): in a window
 * of SCAN_BESIDE_WIDTHS box widths to either side and SCAN_BESIDE_HEIGHTS box heights above and
 * below, writing (at the part's ink level, w->faint; then, in a part written in pen where none is
 * found, faint writing found as ink narrower than a stroke and darker than what is around it, the
 * black top-hat, only where something darker than paper is left beside the box once print and
 * other fields are set aside) that is not printed (w->printed), is not
 * connected to writing in another field's area or box (followed two box sizes further out, across
 * printed text but not printed lines: w->printed_lines), and whose pieces of at least 0.5 mm
 * together hold 40 px and span 2 mm. *found false when w->printed is NULL. 0 or DC_ERR_NOMEM. */
int scan_mark_beside(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                     const dc_template *t, dc_box_mm b);
/* The window scan_writing_beside_comb looks in: the comb grown by this many cell widths to either
 * side and cell heights above and below. */
#define SCAN_COMB_BESIDE_WIDTHS 0.5
#define SCAN_COMB_BESIDE_HEIGHTS 1.0
/* Whether there is writing beside comb field f (read empty): scan_mark_beside's look, in a window
 * of `comb` (the union of f's cells) grown by SCAN_COMB_BESIDE_WIDTHS cell widths and
 * SCAN_COMB_BESIDE_HEIGHTS cell heights, ink followed two cell sizes further out, f's own cells
 * not another's area. A field written above or below its comb is not empty. 0 or DC_ERR_NOMEM. */
int scan_writing_beside_comb(bool *found, const scan_worker_ctx *w, PIX *grey, const dc_scan_registration *reg,
                             const dc_template *t, const dc_field *f, dc_box_mm comb);
/* scan_spilled_cell's window reaches this many cell heights above and below the cell. */
#define SCAN_SPILL_HEIGHTS 0.5
/* Cell c of comb field f read past its printed outline, for writing that runs over the comb (a
 * character written large, high or low): a window of the cell grown 0.5 mm to either side and half
 * a cell height above and below; in it the pen's ink less the print (w->printed), except that on
 * f's own cell outlines ink darker than the printed comb is kept; of that, the writing connected
 * to the cell's inside (the cell shrunk by inset_mm). When that writing stays inside the window,
 * clear of every other field's area (grown 0.5 mm), and every piece of it that runs out of the
 * cell lies at least half inside it, *cell is it on clean paper (grey, the writing's box and at
 * least the cell's inside), *bin its binary twin and, when `framed` is not NULL, *framed the same
 * writing in the whole window (1 bpp, as scan_spill_frame places a cell), all the caller's, and
 * *tangled is false. Otherwise (no print known, nothing written inside, writing shared with the
 * surroundings) they are NULL and *tangled true: the cell cannot be read apart from what is
 * around it. Pen writing only (a part written faintly cannot tell its ink from the comb's grey).
 * `past` (may be NULL) gets whether the inside does not hold the cell's writing whole: true when
 * the writing runs on beyond the inside, or when the window could not be looked at (no print
 * known); false for writing within the inside, and for an inside with no pen writing
 * (dc_field_value.crossed). 0 or DC_ERR_NOMEM. */
int scan_spilled_cell(PIX **cell, PIX **bin, PIX **framed, bool *tangled, bool *past, const scan_worker_ctx *w,
                      PIX *grey, const dc_scan_registration *reg, const dc_template *t, const dc_field *f, size_t c,
                      double inset_mm);
/* The window scan_spilled_cell reads cell b of template t in, as a 1 bpp image holding `inside`
 * (a binarised cut of the cell shrunk by inset_mm; may be NULL: an empty window) at its place;
 * the caller's, NULL when out of memory. */
PIX *scan_spill_frame(const dc_template *t, dc_box_mm b, PIX *inside, double inset_mm);
/* Where scan_spill_frame places the inside of cell b (shrunk by inset_mm) in its window: the
 * top-left pixel *x, *y. */
void scan_spill_inside(const dc_template *t, dc_box_mm b, double inset_mm, int *x, int *y);

/* Whether the digit recognizer reads each digit of a text zone's reading as Tesseract did (syms,
 * ns: the reading of `grey`; bin: its binarised writing, the same grid): a digit symbol's glyph
 * (the columns of its box no neighbouring symbol's box takes, the ink rows there) is set in a blank
 * cell a third wider and half taller and read by `digits`; a different digit read at the
 * recognizer's threshold disagrees (a handwritten 2 read as 1 by both text models). Symbols the
 * recognizer is unsure of, or under 12 px high, do not count; *agree is true when `digits` is not
 * the ICR backend. 0, or the digit reader's error. */
int scan_zone_digits_agree(bool *agree, dc_digits *digits, PIX *grey, PIX *bin, const scan_ocr_symbol *syms,
                           size_t ns);

/* Whether `v` has the shape of an Indonesian passport number: one letter A-Z, then seven digits.
 * A passport number of another shape goes to review (scan_fields.c, reread_id_number). */
bool scan_passport_number_plausible(const char *v);

/* Free-text zones: whether the other model's reading `other` of a first reading `value` (lowest
 * symbol confidence `conf`) is a near miss that two readings by the first model may overrule:
 * conf >= 0.99, as many symbols (word gaps ignored), 1 of them different. */
bool scan_zone_near_miss(const char *value, double conf, const char *other);

/* Readings of a code that vote (scan_fields.c; symbols without word gaps, n of each, same order). */
/* Codes: marks doubt[i] for the symbols of the first reading `a` below 0.97 (and, when ring[i],
 * those of the second reading `b` below 0.97: a 0 taken on its ring shape needs both). Returns how
 * many are in doubt, or -1 when the readings differ in a symbol or `a` has one below 0.90.
 * `ring` may be NULL. */
int scan_code_doubts(const scan_ocr_symbol *a, const scan_ocr_symbol *b, size_t n, const bool *ring, bool *doubt);
/* Whether a third reading `c` (same text as `a` throughout) settles the symbols in doubt: each
 * read at >= 0.97 by one of the three. */
bool scan_code_doubts_settled(const scan_ocr_symbol *a, const scan_ocr_symbol *b, const scan_ocr_symbol *c,
                              size_t n, const bool *doubt);

#endif
