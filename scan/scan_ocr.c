/* scan_ocr: Tesseract engines of one worker thread (created lazily, one per language). */
#include "scan_internal.h"

#include "dc_error.h"
#include "dc_util.h"

#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#define OCR_MAX_LANGS 4
#define OCR_BORDER_PX 12 /* white border around a tight crop (STACK.md) */

struct scan_ocr {
    struct {
        char lang[16];
        TessBaseAPI *api;
        char whitelist[256];
        int psm;
    } e[OCR_MAX_LANGS];
    int n;
};

int scan_ocr_new(scan_ocr **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? 0 : dc_error_set(DC_ERR_NOMEM, "OCR engines");
}

void scan_ocr_free(scan_ocr *o)
{
    if (!o)
        return;
    for (int i = 0; i < o->n; i++) {
        TessBaseAPIEnd(o->e[i].api);
        TessBaseAPIDelete(o->e[i].api);
    }
    free(o);
}

static int engine(scan_ocr *o, const char *lang, int *idx)
{
    for (int i = 0; i < o->n; i++)
        if (strcmp(o->e[i].lang, lang) == 0) {
            *idx = i;
            return 0;
        }
    if (o->n == OCR_MAX_LANGS)
        return dc_error_set(DC_ERR_OCR, "too many OCR languages");
    TessBaseAPI *api = TessBaseAPICreate();
    if (!api)
        return dc_error_set(DC_ERR_NOMEM, "OCR engine");
    /* Comb fields hold names, codes and numbers: dictionaries only pull readings towards words. */
    char *names[] = {"load_system_dawg", "load_freq_dawg", "load_number_dawg", "load_punc_dawg"};
    char *values[] = {"0", "0", "0", "0"};
    /* evaluation knob (scan/README.md): the word lists back on, to measure what they do */
    if (scan_text_experiment("dawg"))
        values[0] = values[1] = "1";
    if (TessBaseAPIInit4(api, NULL, lang, OEM_LSTM_ONLY, NULL, 0, names, values, 4, 0) != 0) {
        TessBaseAPIDelete(api);
        return dc_error_set(DC_ERR_OCR, "Tesseract could not load language \"%s\" (tesseract-ocr-%s installed?)",
                            lang, lang);
    }
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
    snprintf(o->e[o->n].lang, sizeof o->e[o->n].lang, "%s", lang);
    o->e[o->n].api = api;
    o->e[o->n].whitelist[0] = '\0';
    o->e[o->n].psm = PSM_SINGLE_LINE;
    *idx = o->n++;
    return 0;
}

const char *scan_text_experiment(const char *name)
{
    const char *e = getenv("DCACCESS_TEXT_EXPERIMENT");
    return e && *e && name && strstr(e, name) ? e : NULL;
}

int scan_ocr_line(scan_ocr *o, PIX *img, int ppi, const char *lang, const char *whitelist,
                  scan_ocr_symbol **syms, size_t *nsyms)
{
    return scan_ocr_read(o, img, ppi, lang, whitelist, false, syms, nsyms);
}

int scan_ocr_read(scan_ocr *o, PIX *img, int ppi, const char *lang, const char *whitelist, bool single_char,
                  scan_ocr_symbol **syms, size_t *nsyms)
{
    *syms = NULL;
    *nsyms = 0;
    int idx = 0;
    int rc = engine(o, lang && *lang ? lang : "ind", &idx);
    if (rc)
        return rc;
    TessBaseAPI *api = o->e[idx].api;
    const char *wl = whitelist ? whitelist : "";
    if (strcmp(o->e[idx].whitelist, wl) != 0) {
        TessBaseAPISetVariable(api, "tessedit_char_whitelist", wl);
        snprintf(o->e[idx].whitelist, sizeof o->e[idx].whitelist, "%s", wl);
    }
    int psm = single_char ? PSM_SINGLE_CHAR : PSM_SINGLE_LINE;
    if (o->e[idx].psm != psm) {
        TessBaseAPISetPageSegMode(api, (TessPageSegMode)psm);
        o->e[idx].psm = psm;
    }
    PIX *bordered = pixAddBorder(img, OCR_BORDER_PX, pixGetDepth(img) == 1 ? 0 : 255);
    if (!bordered)
        return dc_error_set(DC_ERR_NOMEM, "OCR crop");
    TessBaseAPISetImage2(api, bordered);
    TessBaseAPISetSourceResolution(api, ppi);
    if (TessBaseAPIRecognize(api, NULL) != 0) {
        pixDestroy(&bordered);
        TessBaseAPIClear(api);
        return 0; /* nothing recognisable: no symbols */
    }
    TessResultIterator *it = TessBaseAPIGetIterator(api);
    size_t cap = 0, n = 0;
    scan_ocr_symbol *v = NULL;
    rc = 0;
    if (it) {
        TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
        do {
            char *t = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
            if (!t)
                continue;
            bool word_start = TessPageIteratorIsAtBeginningOf(pit, RIL_WORD);
            int need = (word_start && n > 0) ? 2 : 1;
            /* room for n + need symbols (need <= 2 and at least 32 slots: one doubling does) */
            if (dc_grow(&v, &cap, n + (size_t)need - 1, sizeof *v, 32) != 0) {
                TessDeleteText(t);
                rc = dc_error_set(DC_ERR_NOMEM, "OCR symbols");
                break;
            }
            int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            TessPageIteratorBoundingBox(pit, RIL_SYMBOL, &x0, &y0, &x1, &y1);
            if (word_start && n > 0) {
                memset(&v[n], 0, sizeof v[n]);
                v[n].text[0] = ' ';
                v[n].conf = 1;
                v[n].x0 = v[n - 1].x1;
                v[n].x1 = x0 - OCR_BORDER_PX;
                n++;
            }
            memset(&v[n], 0, sizeof v[n]);
            snprintf(v[n].text, sizeof v[n].text, "%s", t);
            v[n].conf = TessResultIteratorConfidence(it, RIL_SYMBOL) / 100.0;
            v[n].x0 = x0 - OCR_BORDER_PX;
            v[n].x1 = x1 - OCR_BORDER_PX;
            n++;
            TessDeleteText(t);
        } while (TessResultIteratorNext(it, RIL_SYMBOL));
        TessResultIteratorDelete(it);
    }
    TessBaseAPIClear(api);
    pixDestroy(&bordered);
    if (rc) {
        free(v);
        return rc;
    }
    *syms = v;
    *nsyms = n;
    return 0;
}
