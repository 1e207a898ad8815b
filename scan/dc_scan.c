/* dc_scan: the scanner: page pipeline, worker threads, in-order delivery and duplicates. */
#include "dc_scan.h"

#include "dc_error.h"
#include "dc_icr.h"
#include "dc_util.h"
#include "scan_internal.h"

#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THUMB_WIDTH_PX 300.0
#define QR_MARGIN_MM 4.0
#define QR_PX_PER_MM 8.0
/* The blank printed pages are rasterised at this resolution (the print mask is grown by half a
 * millimetre, 4 px at 200 dpi: finer buys nothing, and learning the print is part of every run). */
#define PRINTED_DPI 200

typedef struct worker {
    scan_qr *qr;
    scan_ocr *ocr;
    dc_digits *digits;
    scan_worker_ctx ctx;
} worker;

struct dc_scanner {
    const dc_template_set *ts;
    dc_scan_options o;
    char *icr_path;
    dc_icr *icr;
    char *letters_path;
    dc_icr *letters; /* the letter model, or NULL */
    scan_roster *staff;
    scan_known_set *known; /* dc_scan_options.known, copied */
    scan_visitors *visitors; /* dc_scan_options.visitors, copied */
    atomic_int cancel;
    worker *single; /* for dc_scan_pix */
    PIX **printed;  /* printed[i], printed_lines[i]: the print of template i of ts and its lines */
    PIX **printed_lines; /* (scan_printed_masks), or NULL */
};

/* ---- workers' engines ---- */

static void worker_clear(worker *w)
{
    dc_digits_free(w->digits);
    scan_ocr_free(w->ocr);
    scan_qr_free(w->qr);
    memset(w, 0, sizeof *w);
}

static int worker_init(worker *w, dc_scanner *s)
{
    memset(w, 0, sizeof *w);
    int rc = scan_qr_new(&w->qr);
    if (!rc)
        rc = scan_ocr_new(&w->ocr);
    if (!rc)
        rc = s->icr ? dc_digits_new_icr(&w->digits, s->icr) : dc_digits_new_tesseract(&w->digits, w->ocr);
    if (rc) {
        worker_clear(w);
        return rc;
    }
    w->ctx.ocr = w->ocr;
    w->ctx.digits = w->digits;
    w->ctx.keep_crops = s->o.keep_crops;
    w->ctx.staff = s->staff;
    if (s->o.batch_date && s->icr) /* DC_SCAN_DATE_CONTEXT_CONF is the ICR's margin */
        snprintf(w->ctx.expect_date, sizeof w->ctx.expect_date, "%.2s%.2s%.4s", s->o.batch_date + 8,
                 s->o.batch_date + 5, s->o.batch_date);
    w->ctx.known = s->known;
    w->ctx.visitors = s->visitors;
    w->ctx.known_digits = s->icr != NULL; /* DC_SCAN_KNOWN_CONF is the ICR's margin, too */
    w->ctx.letters = s->letters;
    return 0;
}

/* The worker of dc_scan_pix, made on first use. */
static int single_worker(dc_scanner *s)
{
    if (s->single)
        return 0;
    s->single = calloc(1, sizeof *s->single);
    if (!s->single)
        return dc_error_set(DC_ERR_NOMEM, "scanner");
    int rc = worker_init(s->single, s);
    if (rc) {
        free(s->single);
        s->single = NULL;
    }
    return rc;
}

/* ---- scanner ---- */

/* A recognizer model: `path` (which must load, and read `symbols` symbols), none for "", or the
 * committed `rel` under dc_data_dir() when `path` is NULL and that file loads (else none). */
static int load_model(dc_icr **m, char **used, const char *path, const char *rel, int symbols)
{
    *m = NULL;
    *used = NULL;
    if (path && !*path)
        return 0;
    if (path) {
        int rc = dc_icr_load(m, path);
        if (!rc && dc_icr_symbols(*m) != symbols) {
            rc = dc_error_set(DC_ERR_MODEL, "%s: a model of %d symbols, not %d", path, dc_icr_symbols(*m), symbols);
            dc_icr_free(*m);
            *m = NULL;
        }
        if (!rc && !(*used = dc_strdup(path)))
            rc = dc_error_set(DC_ERR_NOMEM, "scanner");
        return rc;
    }
    char *def = dc_asprintf("%s/%s", dc_data_dir(), rel);
    if (def && access(def, R_OK) == 0 && dc_icr_load(m, def) == 0 && dc_icr_symbols(*m) == symbols) {
        *used = def;
    } else {
        dc_icr_free(*m);   /* no model yet, or not this kind: none */
        *m = NULL;
        free(def);
    }
    dc_error_clear();
    return 0;
}

int dc_scan_input_check(dc_scan_input input, const char *path)
{
    if (!path || !*path)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_scan_input_check: no file named");
    int rc = 0;
    if (input == DC_SCAN_STAFF_ROSTER) {
        scan_roster *r = NULL;
        rc = scan_roster_load(&r, path);
        scan_roster_free(r);
        return rc;
    }
    dc_icr *m = NULL;
    char *used = NULL;
    rc = load_model(&m, &used, path, NULL, input == DC_SCAN_DIGIT_MODEL ? DC_ICR_DIGIT_SYMBOLS : DC_ICR_LETTER_SYMBOLS);
    dc_icr_free(m);
    free(used);
    return rc;
}

int dc_scanner_new(dc_scanner **out, const dc_template_set *ts, const dc_scan_options *o)
{
    *out = NULL;
    if (!ts || dc_template_set_count(ts) == 0)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_scanner_new: no templates");
    dc_scanner *s = calloc(1, sizeof *s);
    if (!s)
        return dc_error_set(DC_ERR_NOMEM, "scanner");
    dc_scan_options def = DC_SCAN_OPTIONS_INIT;
    s->o = o ? *o : def;
    if (s->o.jobs < 1)
        s->o.jobs = 1;
    if (s->o.jobs > 64)
        s->o.jobs = 64;
    if (s->o.max_megapixels <= 0)
        s->o.max_megapixels = def.max_megapixels;
    if (s->o.batch_date && dc_date_check(s->o.batch_date, NULL, NULL, NULL) != 0) {
        int rc = dc_error_set(DC_ERR_INVALID_ARG, "batch date \"%s\" is not a date (YYYY-MM-DD)", s->o.batch_date);
        free(s);
        return rc;
    }
    s->ts = ts;
    atomic_init(&s->cancel, 0);
    int rc = 0;
    s->printed = calloc(dc_template_set_count(ts), sizeof *s->printed);
    s->printed_lines = calloc(dc_template_set_count(ts), sizeof *s->printed_lines);
    if (!s->printed || !s->printed_lines) {
        rc = dc_error_set(DC_ERR_NOMEM, "scanner");
        goto fail;
    }
    /* no digit model (none given, or none yet): Tesseract reads the digits */
    rc = load_model(&s->icr, &s->icr_path, s->o.icr_model, DC_ICR_DEFAULT_MODEL, DC_ICR_DIGIT_SYMBOLS);
    if (rc)
        goto fail;
    s->o.icr_model = s->icr_path;
    rc = load_model(&s->letters, &s->letters_path, s->o.letter_model, DC_ICR_LETTER_MODEL, DC_ICR_LETTER_SYMBOLS);
    if (rc)
        goto fail;
    s->o.letter_model = s->letters_path;
    if (s->o.staff_roster && *s->o.staff_roster) {
        rc = scan_roster_load(&s->staff, s->o.staff_roster);
        if (rc)
            goto fail;
    } else if (!s->o.staff_roster) {
        char *path = dc_asprintf("%s/forms/staff.txt", dc_data_dir());
        if (path && access(path, R_OK) == 0)
            rc = scan_roster_load(&s->staff, path);
        free(path);
        if (rc)
            goto fail; /* a roster that is there but broken is an error, not "no roster" */
    }
    s->o.staff_roster = NULL; /* the caller's string need not outlive this call */
    rc = scan_known_copy(&s->known, s->o.known, s->o.nknown);
    if (rc)
        goto fail;
    s->o.known = NULL; /* nor the caller's numbers */
    s->o.nknown = 0;
    rc = scan_visitors_copy(&s->visitors, s->o.visitors, s->o.nvisitors);
    if (rc)
        goto fail;
    s->o.visitors = NULL;
    s->o.nvisitors = 0;
    *out = s;
    return 0;
fail:
    dc_scanner_free(s);
    return rc;
}

void dc_scanner_free(dc_scanner *s)
{
    if (!s)
        return;
    if (s->single) {
        worker_clear(s->single);
        free(s->single);
    }
    for (size_t i = 0; s->printed && s->printed_lines && i < dc_template_set_count(s->ts); i++) {
        pixDestroy(&s->printed[i]);
        pixDestroy(&s->printed_lines[i]);
    }
    free(s->printed);
    free(s->printed_lines);
    dc_icr_free(s->icr);
    dc_icr_free(s->letters);
    free(s->letters_path);
    scan_roster_free(s->staff);
    scan_known_free(s->known);
    scan_visitors_free(s->visitors);
    free(s->icr_path);
    free(s);
}

void dc_scanner_cancel(dc_scanner *s)
{
    if (s)
        atomic_store(&s->cancel, 1);
}

const char *dc_scanner_digit_backend(const dc_scanner *s)
{
    return s->icr ? "icr" : "tesseract";
}

bool dc_scanner_reads_letters(const dc_scanner *s)
{
    return s->letters != NULL;
}

/* ---- one page ---- */

/* SHA-256 of the decoded page: its size, then its grey pixels reduced to the search resolution
 * (hashing every full-resolution pixel cost a fifth of the scan time; two decodings that differ
 * only below the reduction are the same scan for duplicate detection). */
static void image_hash(PIX *grey, PIX *red, char hex[65])
{
    dc_sha256 h;
    dc_sha256_init(&h);
    int dims[4] = {pixGetWidth(grey), pixGetHeight(grey), pixGetWidth(red), pixGetHeight(red)};
    dc_sha256_update(&h, dims, sizeof dims);
    int w = pixGetWidth(red), ht = pixGetHeight(red), wpl = pixGetWpl(red);
    l_uint32 *d = pixGetData(red);
    unsigned char *line = malloc((size_t)w + 1);
    for (int y = 0; line && y < ht; y++) {
        l_uint32 *row = d + (size_t)y * wpl;
        for (int x = 0; x < w; x++)
            line[x] = (unsigned char)GET_DATA_BYTE(row, x);
        dc_sha256_update(&h, line, (size_t)w);
    }
    free(line);
    unsigned char dig[32];
    dc_sha256_final(&h, dig);
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", dig[i]);
}

static int set_status(dc_page_result *r, dc_page_status st, char *reason)
{
    r->status = st;
    free(r->reason);
    r->reason = reason;
    return reason ? 0 : dc_error_set(DC_ERR_NOMEM, "page reason");
}

static bool same_marks(const dc_template *a, const dc_template *b)
{
    if (a->nmarks != b->nmarks)
        return false;
    for (size_t i = 0; i < a->nmarks; i++)
        if (a->marks[i].role != b->marks[i].role || fabs(a->marks[i].box.x - b->marks[i].box.x) > 0.01 ||
            fabs(a->marks[i].box.y - b->marks[i].box.y) > 0.01 || fabs(a->marks[i].box.w - b->marks[i].box.w) > 0.01)
            return false;
    return true;
}

/* The QR text of a page, or NULL: the template's QR area first, then the whole page. */
static int find_qr(char **text, scan_qr *qrd, PIX *grey, const dc_scan_registration *reg, const dc_template *t)
{
    *text = NULL;
    int rc = 0;
    if (reg) {
        PIX *q = scan_warp(grey, reg->h, t->qr, QR_MARGIN_MM, QR_PX_PER_MM);
        if (q) {
            rc = scan_qr_decode(qrd, q, text);
            pixDestroy(&q);
        }
        if (rc || *text)
            return rc;
    }
    double f;
    PIX *mid = scan_reduce(grey, 150, &f);
    if (mid) {
        rc = scan_qr_decode(qrd, mid, text);
        pixDestroy(&mid);
    }
    if (rc || *text || f >= 1.0)
        return rc;
    return scan_qr_decode(qrd, grey, text);
}

static int make_thumb(dc_page_result *r, PIX *grey, const dc_scan_registration *reg, const dc_template *t)
{
    dc_box_mm page = {0, 0, t->page_w, t->page_h};
    PIX *th = scan_warp(grey, reg->h, page, 0, THUMB_WIDTH_PX / t->page_w);
    if (!th)
        return dc_error_set(DC_ERR_NOMEM, "thumbnail");
    l_uint8 *data = NULL;
    size_t len = 0;
    int ok = pixWriteMemPng(&data, &len, th, 0.0) == 0;
    pixDestroy(&th);
    if (!ok)
        return dc_error_set(DC_ERR_NOMEM, "thumbnail");
    r->thumb_png = data;
    r->thumb_png_len = len;
    return 0;
}

/* Which template page `grey` (reduced copy `red`, factor f) is and where: *tp and *reg, and the
 * page's form, serial and sheet in r. A page that is not one gets status REJECTED with the reason
 * and *tp NULL. Non-zero only for engine failures. */
static int identify(dc_scanner *s, scan_qr *qrd, PIX *grey, PIX *red, double f, dc_page_result *r,
                    const dc_template **tp, dc_scan_registration *regp, bool *named)
{
    *tp = NULL;
    *named = false;
    const dc_template *t0 = dc_template_set_at(s->ts, 0);
    dc_scan_registration reg;
    int rrc = scan_register_reduced(&reg, grey, red, f, t0);
    if (rrc == DC_ERR_NOMEM)
        return rrc;
    char *qr = NULL;
    int rc = find_qr(&qr, qrd, grey, rrc ? NULL : &reg, t0);
    if (rc)
        return rc;
    char form[16] = "", serial[32] = "";
    int version = 0, sheet = 0;
    bool qr_ok = qr && dc_qr_parse(qr, form, sizeof form, &version, serial, sizeof serial, &sheet) == 0;
    *named = qr_ok;   /* a QR of ours: the page is one of our forms, whatever else fails */
    if (qr_ok) {
        /* what its QR names, kept when it is rejected too: the archive knows which set a rejected
         * page was of (its checklist is not given to another sheet with the serial) */
        snprintf(r->form, sizeof r->form, "%s", form);
        snprintf(r->serial, sizeof r->serial, "%s", serial);
        r->template_version = version;
        r->sheet_page = sheet;
    }
    /* the marks looked for were those of the set's first template: a page of a template with marks
     * of its own (another version moved them) registers again with its own, whether the first
     * template's were found or not (a v2 with other marks, or a v1 page once v1 is not first) */
    const dc_template *t = qr_ok ? dc_template_set_find(s->ts, form, version) : NULL;
    const bool first_found = rrc == DC_OK;
    if (t && !same_marks(t, t0)) {
        rrc = scan_register_reduced(&reg, grey, red, f, t);
        if (rrc == DC_ERR_NOMEM) {
            free(qr);
            return rrc;
        }
    }
    if (rrc && first_found) {   /* the first template's marks were there, not its own */
        free(qr);
        return set_status(r, DC_PAGE_REJECTED, dc_asprintf(DC_PAGE_VERSION_MARKS_FMT, form, version));
    }
    if (rrc) {
        char *why = qr_ok ? dc_asprintf(DC_PAGE_MARKS_NOT_FOUND_FMT, form, serial, sheet)
                          : dc_asprintf("not a dcaccess form (no registration marks / no QR): take it out of the "
                                        "stack; if it is one of our forms, part of it is cut off: scan it again whole");
        free(qr);
        return set_status(r, DC_PAGE_REJECTED, why);
    }
    if (!qr) {
        return set_status(r, DC_PAGE_REJECTED,
                          dc_strdup("QR code unreadable (registration marks found; form and serial unknown)"));
    }
    if (!qr_ok) {
        char *why = dc_asprintf("not a dcaccess form (foreign QR code \"%.60s\")", qr);
        free(qr);
        return set_status(r, DC_PAGE_REJECTED, why);
    }
    free(qr);
    if (!t)
        return set_status(r, DC_PAGE_REJECTED, dc_asprintf(DC_PAGE_UNKNOWN_TEMPLATE_FMT, form, version));
    r->status = DC_PAGE_FORM;
    r->dpi = reg.dpi;
    r->rotation = reg.rotation;
    r->skew_deg = reg.skew_deg;
    *tp = t;
    *regp = reg;
    return 0;
}

/* Index of template t in the scanner's set. */
static size_t template_index(const dc_scanner *s, const dc_template *t)
{
    size_t i = 0, n = dc_template_set_count(s->ts);
    while (i < n && dc_template_set_at(s->ts, i) != t)
        i++;
    return i;
}

static int process_identified(dc_scanner *s, worker *w, PIX *grey, dc_page_result *r, const dc_template *t,
                              const dc_scan_registration *reg);

/* process_page with the page's reduced copy `red` (factor f). */
static int process_reduced(dc_scanner *s, worker *w, PIX *grey, PIX *red, double f, dc_page_result *r)
{
    image_hash(grey, red, r->image_sha256);
    double ink = scan_page_ink(red);
    const dc_template *t = NULL;
    dc_scan_registration reg;
    bool named = false;
    int rc = 0;
    if (ink < DC_SCAN_BLANK_MAX_INK) {
        /* blank, or a form printed or scanned too light for the page-level tests: lifted, it is
         * one of ours when its QR reads (a blank back's show-through never makes one) */
        int lo, hi;
        const bool light = scan_light_page_levels(red, &lo, &hi);
        PIX *lgrey = light ? pixGammaTRC(NULL, grey, 1.0f, lo, hi) : NULL;
        PIX *lred = lgrey ? pixGammaTRC(NULL, red, 1.0f, lo, hi) : NULL;
        if (lred && scan_page_ink(lred) >= DC_SCAN_BLANK_MAX_INK)
            rc = identify(s, w->qr, lgrey, lred, f, r, &t, &reg, &named);
        if (!rc && named)
            rc = process_identified(s, w, lgrey, r, t, &reg);
        pixDestroy(&lgrey);
        pixDestroy(&lred);
        if (rc || named)
            return rc;
        return set_status(r, DC_PAGE_BLANK, dc_asprintf("blank page (ink %.2f%% of the page)", ink * 100));
    }
    rc = identify(s, w->qr, grey, red, f, r, &t, &reg, &named);
    return rc ? rc : process_identified(s, w, grey, r, t, &reg);
}

/* process_reduced once the page is identified: its fields read when it is a form of template t
 * (NULL: rejected, r says why). */
static int process_identified(dc_scanner *s, worker *w, PIX *grey, dc_page_result *r, const dc_template *t,
                              const dc_scan_registration *reg)
{
    if (!t)
        return 0;
    size_t ti = template_index(s, t);
    const bool known = ti < dc_template_set_count(s->ts);
    w->ctx.printed = known ? s->printed[ti] : NULL;
    w->ctx.printed_lines = known ? s->printed_lines[ti] : NULL;
    int rc = scan_read_fields(r, &w->ctx, grey, reg, t);
    w->ctx.printed = w->ctx.printed_lines = NULL;
    if (!rc && s->o.keep_crops)
        rc = make_thumb(r, grey, reg, t);
    return rc;
}

/* Fills a result for an already-labelled page (file, page set). */
static int process_page(dc_scanner *s, worker *w, PIX *grey, dc_page_result *r)
{
    double f;
    PIX *red = scan_reduce(grey, DC_SCAN_SEARCH_DPI, &f);
    if (!red)
        return dc_error_set(DC_ERR_NOMEM, "reducing page");
    int rc = process_reduced(s, w, grey, red, f, r);
    pixDestroy(&red);
    return rc;
}

/* An 8 bpp grey copy (or clone) of a page of any depth; NULL when out of memory. */
static PIX *grey_of(PIX *page)
{
    if (pixGetDepth(page) == 8 && !pixGetColormap(page))
        return pixClone(page);
    PIX *grey = pixGetColormap(page) ? pixRemoveColormap(page, REMOVE_CMAP_TO_GRAYSCALE) : pixClone(page);
    if (grey && pixGetDepth(grey) != 8) {
        PIX *g = pixGetDepth(grey) == 32 ? pixConvertRGBToLuminance(grey) : pixConvertTo8(grey, 0);
        pixDestroy(&grey);
        grey = g;
    }
    return grey;
}

int dc_scan_pix(dc_scanner *s, PIX *page, const char *file, int pageno, dc_page_result *out)
{
    memset(out, 0, sizeof *out);
    if (!s || !page || !out)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_scan_pix: NULL argument");
    int rc = single_worker(s);
    if (rc)
        return rc;
    out->file = dc_strdup(file ? file : "");
    out->page = pageno;
    PIX *grey = grey_of(page);
    if (!grey || !out->file) {
        pixDestroy(&grey);
        dc_page_result_clear(out);
        return dc_error_set(DC_ERR_NOMEM, "page");
    }
    rc = process_page(s, s->single, grey, out);
    pixDestroy(&grey);
    if (rc)
        dc_page_result_clear(out);
    return rc;
}

/* ---- what is printed (template dropout) ---- */

int dc_scanner_add_printed(dc_scanner *s, PIX *page)
{
    if (!s || !page)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_scanner_add_printed: NULL argument");
    scan_qr *qrd = NULL;
    int rc = scan_qr_new(&qrd);   /* identifying the page needs no OCR engines */
    if (rc)
        return rc;
    PIX *grey = grey_of(page);
    double f;
    PIX *red = grey ? scan_reduce(grey, DC_SCAN_SEARCH_DPI, &f) : NULL;
    if (!red) {
        pixDestroy(&grey);
        scan_qr_free(qrd);
        return dc_error_set(DC_ERR_NOMEM, "printed page");
    }
    dc_page_result r;
    memset(&r, 0, sizeof r);
    const dc_template *t = NULL;
    dc_scan_registration reg;
    bool named = false;
    rc = identify(s, qrd, grey, red, f, &r, &t, &reg, &named);
    pixDestroy(&red);
    scan_qr_free(qrd);
    if (!rc && !t)
        rc = dc_error_set(DC_ERR_NOT_FORM, "%s", r.reason ? r.reason : "not a page of a known template");
    else if (!rc && reg.dpi < 190)
        rc = dc_error_set(DC_ERR_IMAGE, "printed page of %s v%d at %.0f dpi: at least 200 dpi needed", t->form,
                          t->version, reg.dpi);
    PIX *all = NULL, *lines = NULL;
    if (!rc)
        rc = scan_printed_masks(&all, &lines, grey, &reg, t);
    if (!rc) {
        size_t i = template_index(s, t);
        pixDestroy(&s->printed[i]);
        pixDestroy(&s->printed_lines[i]);
        s->printed[i] = all;
        s->printed_lines[i] = lines;
    }
    dc_page_result_clear(&r);
    pixDestroy(&grey);
    return rc;
}

int dc_scanner_add_printed_pdf(dc_scanner *s, const char *pdf)
{
    if (!s || !pdf)
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_scanner_add_printed_pdf: NULL argument");
    scan_file f;
    int rc = scan_probe_file(&f, pdf, s->o.max_megapixels);
    if (!rc && f.kind != SCAN_KIND_PDF)
        rc = dc_error_set(f.tool_failed ? DC_ERR_EXTERNAL : DC_ERR_PDF_INPUT, "%s: %s", pdf,
                          f.bad_reason ? f.bad_reason : "not a PDF file");
    for (int p = 1; !rc && p <= f.npages; p++) {
        char *reason = NULL;
        bool tool_failed = false;
        PIX *page = scan_load_pdf_page(pdf, p, PRINTED_DPI, s->o.max_megapixels, &reason, &tool_failed);
        if (!page)
            rc = dc_error_set(tool_failed ? DC_ERR_EXTERNAL : DC_ERR_PDF_INPUT, "%s page %d: %s", pdf, p,
                              reason ? reason : "unreadable");
        else if ((rc = dc_scanner_add_printed(s, page)) != 0)
            rc = dc_error_wrap(rc, "%s page %d: ", pdf, p);
        free(reason);
        pixDestroy(&page);
    }
    scan_file_clear(&f);
    return rc;
}

size_t dc_scanner_printed_count(const dc_scanner *s)
{
    size_t n = 0;
    for (size_t i = 0; s && i < dc_template_set_count(s->ts); i++)
        n += s->printed[i] != NULL;
    return n;
}

/* ---- runs: a window of page slots filled in input order, read by workers, delivered in order ---- */

typedef struct slot {
    size_t seq;
    const scan_file *file;
    int page;
    bool predone;   /* result made by the main thread (a bad file) */
    bool taken, done;
    int err;
    dc_page_result res;
} slot;

typedef struct run {
    dc_scanner *s;
    pthread_mutex_t mu;
    pthread_cond_t work_cv, done_cv;
    slot *slots;
    size_t window;
    size_t next_seq, next_take, next_deliver;
    bool closing, stop;
    int fatal;
    char fatal_detail[512];
} run;

static void *worker_main(void *arg)
{
    void **a = arg;
    run *R = a[0];
    worker *w = a[1];
    pthread_mutex_lock(&R->mu);
    for (;;) {
        while (!R->stop && R->next_take == R->next_seq && !R->closing)
            pthread_cond_wait(&R->work_cv, &R->mu);
        if (R->stop || R->next_take == R->next_seq)
            break;
        size_t t = R->next_take++;
        slot *sl = &R->slots[t % R->window];
        if (t < R->next_deliver || sl->predone)
            continue; /* a bad file's result, made (and maybe delivered) by the main thread */
        sl->taken = true;
        pthread_mutex_unlock(&R->mu);

        PIX *grey = NULL;
        char *reason = NULL;
        int rc = 0;
        int lrc = scan_load_page(&grey, &reason, sl->file, sl->page, R->s->o.max_megapixels);
        if (lrc) {
            rc = set_status(&sl->res, DC_PAGE_REJECTED,
                            reason ? reason : dc_strdup("unreadable page"));
        } else {
            rc = process_page(R->s, w, grey, &sl->res);
            pixDestroy(&grey);
        }

        pthread_mutex_lock(&R->mu);
        sl->err = rc;
        if (rc && !R->fatal) {
            R->fatal = rc;
            snprintf(R->fatal_detail, sizeof R->fatal_detail, "%s page %d: %s", sl->file->path, sl->page,
                     dc_error_detail());
        }
        sl->done = true;
        pthread_cond_broadcast(&R->done_cv);
    }
    pthread_mutex_unlock(&R->mu);
    return NULL;
}

typedef struct seen {
    char form[16], serial[32], image[65];
    int sheet;
    char *file;
    int page;
    bool is_form;
    dc_field_value *fields;   /* id, value and state of each field read (to tell two sheets apart) */
    size_t nfields;
} seen;

static void seen_free(seen *e)
{
    free(e->file);
    dc_field_values_free(e->fields, e->nfields);
}

typedef struct deliverer {
    const dc_scan_callbacks *cb;
    seen *v;
    size_t n, cap;
    size_t delivered, total; /* pages given to cb->page, and of the run (dc_scan_callbacks.progress) */
} deliverer;

/* Marks a form page that repeats an earlier one as duplicate, or that carries the serial and page
 * of an earlier one with other writing as rejected (two sheets with one serial), and remembers it. */
static int check_duplicate(deliverer *D, dc_page_result *r)
{
    if (r->status != DC_PAGE_FORM)
        return 0;
    const bool writes = dc_page_has_writing(r);
    for (size_t i = 0; i < D->n; i++) {
        const seen *e = &D->v[i];
        bool same_image = r->image_sha256[0] && strcmp(e->image, r->image_sha256) == 0;
        bool same_sheet = strcmp(e->form, r->form) == 0 && strcmp(e->serial, r->serial) == 0 &&
                          e->sheet == r->sheet_page;
        char which[160];
        /* a sheet with nothing written on it is an unused form (dc_archive_add_page): beside a
         * filled sheet of its serial it is neither its copy nor another visit on that serial */
        const dc_page_result earlier = {.fields = e->fields, .nfields = e->nfields};
        if (!same_image && same_sheet && writes != dc_page_has_writing(&earlier))
            continue;
        if (!same_image && same_sheet && dc_page_other_writing(e->fields, e->nfields, r->fields, r->nfields, which,
                                                               sizeof which))
            return set_status(r, DC_PAGE_REJECTED,
                              dc_asprintf(DC_PAGE_SERIAL_TAKEN_FMT, e->form, e->serial, e->sheet, e->file, e->page,
                                          which));
        if (same_image || same_sheet)
            return set_status(r, DC_PAGE_DUPLICATE,
                              dc_asprintf("%s as %s page %d (form %s serial %s page %d)",
                                          same_image ? "same image" : "same form sheet", e->file, e->page, e->form,
                                          e->serial, e->sheet));
    }
    if (dc_grow(&D->v, &D->cap, D->n, sizeof *D->v, 64) != 0)
        return dc_error_set(DC_ERR_NOMEM, "duplicate index");
    seen *e = &D->v[D->n];
    memset(e, 0, sizeof *e);
    e->fields = calloc(r->nfields ? r->nfields : 1, sizeof *e->fields);
    if (!e->fields)
        return dc_error_set(DC_ERR_NOMEM, "duplicate index");
    for (size_t i = 0; i < r->nfields; i++) {
        dc_field_value *f = &e->fields[e->nfields++];
        f->state = r->fields[i].state;
        f->why = r->fields[i].why;
        f->id = dc_strdup(r->fields[i].id);
        f->value = r->fields[i].value ? dc_strdup(r->fields[i].value) : NULL;
        if (!f->id || (r->fields[i].value && !f->value)) {
            seen_free(e);
            return dc_error_set(DC_ERR_NOMEM, "duplicate index");
        }
    }
    snprintf(e->form, sizeof e->form, "%s", r->form);
    snprintf(e->serial, sizeof e->serial, "%s", r->serial);
    snprintf(e->image, sizeof e->image, "%s", r->image_sha256);
    e->sheet = r->sheet_page;
    e->page = r->page;
    e->file = dc_strdup(r->file);
    if (!e->file) {
        seen_free(e);
        return dc_error_set(DC_ERR_NOMEM, "duplicate index");
    }
    D->n++;
    return 0;
}

/* Delivers every finished slot at the head of the window. Called with the lock held. */
static int deliver_ready(run *R, deliverer *D)
{
    while (R->next_deliver < R->next_seq) {
        slot *sl = &R->slots[R->next_deliver % R->window];
        if (!sl->done)
            return 0;
        if (sl->err)
            return sl->err;
        pthread_mutex_unlock(&R->mu);
        int rc = check_duplicate(D, &sl->res);
        if (!rc) {
            rc = D->cb->page(D->cb->user, &sl->res);
            /* also when the callback stops the run (Ctrl-C): it had the page, which is done */
            D->delivered++;
            if (D->cb->progress)
                D->cb->progress(D->cb->user, D->delivered, D->total);
        }
        pthread_mutex_lock(&R->mu);
        dc_page_result_clear(&sl->res);
        memset(sl, 0, sizeof *sl);
        R->next_deliver++;
        pthread_cond_broadcast(&R->done_cv);
        if (rc)
            return rc;
        if (atomic_load(&R->s->cancel))
            return dc_error_set(DC_ERR_INTERRUPTED, "scan interrupted");
    }
    return 0;
}

/* Waits for a free slot (delivering meanwhile), fills it and hands it to the workers. */
static int submit(run *R, deliverer *D, const scan_file *f, int page, const char *bad_reason)
{
    pthread_mutex_lock(&R->mu);
    int rc = 0;
    for (;;) {
        rc = deliver_ready(R, D);
        if (rc)
            break;
        if (R->fatal) {
            rc = R->fatal;
            break;
        }
        if (atomic_load(&R->s->cancel)) {
            rc = dc_error_set(DC_ERR_INTERRUPTED, "scan interrupted");
            break;
        }
        if (R->next_seq - R->next_deliver < R->window)
            break;
        pthread_cond_wait(&R->done_cv, &R->mu);
    }
    if (!rc) {
        slot *sl = &R->slots[R->next_seq % R->window];
        memset(sl, 0, sizeof *sl);
        sl->seq = R->next_seq;
        sl->file = f;
        sl->page = page;
        sl->res.file = dc_strdup(f->path);
        sl->res.page = page;
        snprintf(sl->res.file_sha256, sizeof sl->res.file_sha256, "%s", f->sha256);
        if (bad_reason) {
            sl->predone = true;
            sl->done = true;
            sl->res.status = DC_PAGE_REJECTED;
            sl->res.reason = dc_strdup(bad_reason);
        }
        if (!sl->res.file || (bad_reason && !sl->res.reason))
            rc = dc_error_set(DC_ERR_NOMEM, "page slot");
        R->next_seq++;
        pthread_cond_broadcast(&R->work_cv);
    }
    pthread_mutex_unlock(&R->mu);
    return rc;
}

/* The pages of a probed file a run reads: a file rejected whole is one page. */
static int file_pages(const scan_file *f)
{
    return f->kind == SCAN_KIND_BAD ? 1 : f->npages;
}

static dc_scan_page_kind page_kind(const scan_file *f)
{
    return f->kind == SCAN_KIND_BAD ? DC_SCAN_PAGE_UNREADABLE : f->kind == SCAN_KIND_PDF ? DC_SCAN_PAGE_PDF
                                                                                        : DC_SCAN_PAGE_IMAGE;
}

void dc_scan_eta_init(dc_scan_eta *e, const dc_scan_page_kind *kinds, size_t n)
{
    memset(e, 0, sizeof *e);
    for (size_t i = 0; kinds && i < n; i++)
        if ((unsigned)kinds[i] < DC_SCAN_PAGE_KINDS)
            e->left[kinds[i]]++;
}

void dc_scan_eta_page(dc_scan_eta *e, dc_scan_page_kind kind, double seconds)
{
    if ((unsigned)kind >= DC_SCAN_PAGE_KINDS)
        return;
    if (e->left[kind])
        e->left[kind]--;
    if (seconds >= 0) {
        e->timed[kind]++;
        e->seconds[kind] += seconds;
    }
}

bool dc_scan_eta_left(const dc_scan_eta *e, double *seconds)
{
    size_t timed = 0, left = 0;
    double all = 0;
    for (int k = 0; k < DC_SCAN_PAGE_KINDS; k++) {
        timed += e->timed[k];
        all += e->seconds[k];
        left += e->left[k];
    }
    *seconds = 0;
    if (!left)
        return true;
    if (!timed)
        return false;
    for (int k = 0; k < DC_SCAN_PAGE_KINDS; k++)
        *seconds += (double)e->left[k] * (e->timed[k] >= DC_SCAN_ETA_KIND_PAGES ? e->seconds[k] / (double)e->timed[k]
                                                                               : all / (double)timed);
    return true;
}

int dc_scanner_run(dc_scanner *s, const char *const *paths, size_t npaths, const dc_scan_callbacks *cb)
{
    if (!s || !cb || !cb->page || (npaths && !paths))
        return dc_error_set(DC_ERR_INVALID_ARG, "dc_scanner_run: missing scanner, paths or page callback");
    char **files = NULL;
    size_t nfiles = 0;
    char **skipped = NULL;
    size_t nskipped = 0;
    int rc = scan_list_files(&files, &nfiles, &skipped, &nskipped, paths, npaths);
    if (rc)
        return rc;
    for (size_t i = 0; i < nskipped && cb->skipped_file; i++)
        cb->skipped_file(cb->user, skipped[i]);
    scan_free_list(skipped, nskipped);
    scan_file *probed = calloc(nfiles ? nfiles : 1, sizeof *probed);
    int nw = s->o.jobs;
    worker *ws = calloc((size_t)nw, sizeof *ws);
    pthread_t *th = calloc((size_t)nw, sizeof *th);
    void *(*args)[2] = calloc((size_t)nw, sizeof *args);
    run R;
    memset(&R, 0, sizeof R);
    R.s = s;
    R.window = (size_t)nw * 2 + 2;
    R.slots = calloc(R.window, sizeof *R.slots);
    deliverer D = {.cb = cb};
    bool *skip = NULL; /* per page of every file in order: skip_page said it is stored already */
    int started = 0;
    if (!probed || !ws || !th || !args || !R.slots) {
        rc = dc_error_set(DC_ERR_NOMEM, "scan run");
        goto out;
    }
    /* every file is probed (hashed, its pages counted) and every page put to skip_page before the
     * first page is read: the progress total is the run's from the start, not the pages of the files
     * opened so far (a lazy probe showed 1/8, 3/9, 5/11 ... 19/19 on a 19-page stack) */
    size_t npages = 0;
    for (size_t i = 0; i < nfiles && !rc; i++) {
        rc = scan_probe_file(&probed[i], files[i], s->o.max_megapixels);
        if (!rc && atomic_load(&s->cancel))
            rc = dc_error_set(DC_ERR_INTERRUPTED, "scan interrupted");
        if (!rc)
            npages += (size_t)file_pages(&probed[i]);
    }
    if (!rc && !(skip = calloc(npages ? npages : 1, sizeof *skip)))
        rc = dc_error_set(DC_ERR_NOMEM, "scan run");
    for (size_t i = 0, k = 0; i < nfiles && !rc; i++) {
        const scan_file *f = &probed[i];
        for (int p = 1; p <= file_pages(f); p++, k++) {
            skip[k] = f->sha256[0] && cb->skip_page && cb->skip_page(cb->user, f->path, f->sha256, p);
            D.total += !skip[k];
        }
    }
    if (!rc && cb->plan && D.total) {
        dc_scan_page_kind *kinds = calloc(D.total, sizeof *kinds);
        if (!kinds)
            rc = dc_error_set(DC_ERR_NOMEM, "scan run");
        for (size_t i = 0, k = 0, j = 0; kinds && i < nfiles; i++)
            for (int p = 1; p <= file_pages(&probed[i]); p++, k++)
                if (!skip[k])
                    kinds[j++] = page_kind(&probed[i]);
        if (kinds)
            cb->plan(cb->user, kinds, D.total);
        free(kinds);
    }
    if (rc)
        goto out;
    if (cb->progress && D.total)
        cb->progress(cb->user, 0, D.total);
    pthread_mutex_init(&R.mu, NULL);
    pthread_cond_init(&R.work_cv, NULL);
    pthread_cond_init(&R.done_cv, NULL);
    for (int i = 0; i < nw; i++) {
        rc = worker_init(&ws[i], s);
        if (rc)
            goto stop;
        args[i][0] = &R;
        args[i][1] = &ws[i];
        if (pthread_create(&th[i], NULL, worker_main, args[i]) != 0) {
            worker_clear(&ws[i]);
            rc = dc_error_set(DC_ERR_NOMEM, "cannot start a scan thread");
            goto stop;
        }
        started++;
    }
    for (size_t i = 0, k = 0; i < nfiles && !rc; i++)
        for (int p = 1; p <= file_pages(&probed[i]) && !rc; p++, k++)
            if (!skip[k])
                rc = submit(&R, &D, &probed[i], p, probed[i].kind == SCAN_KIND_BAD ? probed[i].bad_reason : NULL);
    /* drain */
    pthread_mutex_lock(&R.mu);
    R.closing = true;
    pthread_cond_broadcast(&R.work_cv);
    while (!rc && R.next_deliver < R.next_seq) {
        rc = deliver_ready(&R, &D);
        if (rc)
            break;
        if (R.fatal) {
            rc = R.fatal;
            break;
        }
        if (R.next_deliver < R.next_seq)
            pthread_cond_wait(&R.done_cv, &R.mu);
    }
    pthread_mutex_unlock(&R.mu);
stop:
    pthread_mutex_lock(&R.mu);
    R.stop = true;
    R.closing = true;
    pthread_cond_broadcast(&R.work_cv);
    pthread_mutex_unlock(&R.mu);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (rc && R.fatal == rc && R.fatal_detail[0])
        dc_error_set(rc, "%s", R.fatal_detail);
    for (size_t i = 0; i < R.window; i++)
        dc_page_result_clear(&R.slots[i].res);
    pthread_cond_destroy(&R.work_cv);
    pthread_cond_destroy(&R.done_cv);
    pthread_mutex_destroy(&R.mu);
out:
    for (int i = 0; ws && i < nw; i++)
        worker_clear(&ws[i]);
    for (size_t i = 0; probed && i < nfiles; i++)
        scan_file_clear(&probed[i]);
    for (size_t i = 0; i < D.n; i++)
        seen_free(&D.v[i]);
    free(D.v);
    free(skip);
    free(probed);
    free(ws);
    free(th);
    free(args);
    free(R.slots);
    scan_free_list(files, nfiles);
    return rc;
}
