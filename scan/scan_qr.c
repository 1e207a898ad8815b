/* scan_qr: QR decoding with zbar (one scanner per thread). */
#include "scan_internal.h"

#include "dc_error.h"
#include "dc_util.h"

#include <stdlib.h>
#include <string.h>
#include <zbar.h>

struct scan_qr {
    zbar_image_scanner_t *sc;
};

int scan_qr_new(scan_qr **out)
{
    *out = NULL;
    scan_qr *q = calloc(1, sizeof *q);
    if (!q)
        return dc_error_set(DC_ERR_NOMEM, "QR scanner");
    q->sc = zbar_image_scanner_create();
    if (!q->sc) {
        free(q);
        return dc_error_set(DC_ERR_NOMEM, "QR scanner");
    }
    zbar_image_scanner_set_config(q->sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(q->sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    *out = q;
    return 0;
}

void scan_qr_free(scan_qr *q)
{
    if (!q)
        return;
    zbar_image_scanner_destroy(q->sc);
    free(q);
}

int scan_qr_decode(scan_qr *q, PIX *grey, char **text)
{
    *text = NULL;
    int w = pixGetWidth(grey), h = pixGetHeight(grey);
    unsigned char *buf = malloc((size_t)w * h);
    if (!buf)
        return dc_error_set(DC_ERR_NOMEM, "QR buffer");
    l_uint32 *d = pixGetData(grey);
    int wpl = pixGetWpl(grey);
    for (int y = 0; y < h; y++) {
        l_uint32 *row = d + (size_t)y * wpl;
        for (int x = 0; x < w; x++)
            buf[(size_t)y * w + x] = (unsigned char)GET_DATA_BYTE(row, x);
    }
    zbar_image_t *img = zbar_image_create();
    if (!img) {
        free(buf);
        return dc_error_set(DC_ERR_NOMEM, "QR image");
    }
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, buf, (unsigned long)w * h, zbar_image_free_data);
    int n = zbar_scan_image(q->sc, img);
    if (n > 0) {
        for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s; s = zbar_symbol_next(s)) {
            if (zbar_symbol_get_type(s) == ZBAR_QRCODE) {
                *text = dc_strdup(zbar_symbol_get_data(s));
                break;
            }
        }
    }
    zbar_image_destroy(img); /* frees buf through zbar_image_free_data */
    return 0;
}
