/* scan_decode: PNG and JPEG files -> 8-bpp grey pages, with the codecs' own messages kept as the
 * page's rejection reason.
 *
 * Leptonica's readers let libpng and libjpeg print their complaints about a damaged file to stderr
 * ("libpng error: IDAT: CRC error", "Corrupt JPEG data: premature end of data segment"), a line that
 * names no file and, with several workers, cannot be told apart; the page was then rejected as
 * "corrupt or truncated image". These readers install their own error handlers, so the codec says
 * nothing and its message becomes the reason, next to the file and page. They give the same grey
 * pixels as pixRead() followed by the scan's grey conversion (test_scan compares them on every kind
 * of PNG and JPEG Leptonica writes, and the luminance on all 2^24 colours), and decode row by row
 * into the grey page instead of holding a 32-bpp colour copy of it. */
#include "scan_internal.h"

#include "dc_util.h"

#include <errno.h>
#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* pixConvertRGBToLuminance's weights and arithmetic (float weights, rounded at +0.5), so a colour
 * page gives the same grey as before. */
static inline unsigned luma(unsigned r, unsigned g, unsigned b)
{
    const l_float32 rw = 0.3f, gw = 0.5f, bw = 0.2f;
    return (unsigned)(l_int32)(rw * r + gw * g + bw * b + 0.5);
}

unsigned scan_luma(unsigned r, unsigned g, unsigned b)
{
    return luma(r, g, b);
}

/* One decoded row into line y of pix: ch 1 (grey, or palette indices through lut), 3 (RGB) or 4
 * (CMYK, turned into RGB as Leptonica does: K minus K times C; Adobe files store C, M and Y
 * inverted). */
static void put_row(PIX *pix, int y, const unsigned char *row, int ch, const unsigned char *lut, bool adobe)
{
    l_uint32 *line = pixGetData(pix) + (size_t)y * (size_t)pixGetWpl(pix);
    int w = pixGetWidth(pix);
    if (lut) {
        for (int x = 0; x < w; x++)
            SET_DATA_BYTE(line, x, lut[row[x]]);
    } else if (ch == 1) {
        for (int x = 0; x < w; x++)
            SET_DATA_BYTE(line, x, row[x]);
    } else if (ch == 3) {
        for (int x = 0; x < w; x++, row += 3)
            SET_DATA_BYTE(line, x, luma(row[0], row[1], row[2]));
    } else {
        for (int x = 0; x < w; x++, row += 4) {
            unsigned k = row[3], rgb[3];
            for (int c = 0; c < 3; c++)
                rgb[c] = adobe ? k * row[c] / 255 : k * (255u - row[c]) / 255;
            SET_DATA_BYTE(line, x, luma(rgb[0], rgb[1], rgb[2]));
        }
    }
}

/* ---- PNG ---- */

typedef struct png_job {
    jmp_buf jb;
    char msg[160];
    FILE *fp;
    const unsigned char *mem; /* or the PNG in memory */
    size_t len, pos;
    png_structp png;
    png_infop info;
    unsigned char *buf;
    png_bytep *rows;
    PIX *pix;
} png_job;

static void png_on_error(png_structp png, png_const_charp msg)
{
    png_job *j = png_get_error_ptr(png);
    snprintf(j->msg, sizeof j->msg, "%s", msg ? msg : "error");
    longjmp(j->jb, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
    (void)png; /* warnings (an odd colour profile, an unknown chunk) do not stop a page */
    (void)msg;
}

static void png_job_free(png_job *j)
{
    if (j->png)
        png_destroy_read_struct(&j->png, j->info ? &j->info : NULL, NULL);
    if (j->fp)
        fclose(j->fp);
    free(j->buf);
    free(j->rows);
    pixDestroy(&j->pix);
    free(j);
}

/* The grey of each palette entry, as Leptonica's colormap removal gives it. */
static int palette_lut(png_job *j, unsigned char lut[256])
{
    png_colorp pal = NULL;
    int n = 0;
    memset(lut, 0, 256);
    if (png_get_PLTE(j->png, j->info, &pal, &n) != PNG_INFO_PLTE || n < 1 || n > 256)
        return -1;
    PIX *p = pixCreate(256, 1, 8);
    PIXCMAP *cm = pixcmapCreate(8);
    if (!p || !cm) {
        pixDestroy(&p);
        pixcmapDestroy(&cm);
        return -1;
    }
    for (int i = 0; i < n; i++)
        pixcmapAddColor(cm, pal[i].red, pal[i].green, pal[i].blue);
    l_uint32 *line = pixGetData(p);
    for (int i = 0; i < 256; i++)
        SET_DATA_BYTE(line, i, i < n ? i : 0);
    pixSetColormap(p, cm);
    PIX *g = scan_to_grey(p);
    pixDestroy(&p);
    if (!g)
        return -1;
    line = pixGetData(g);
    for (int i = 0; i < n; i++)
        lut[i] = (unsigned char)GET_DATA_BYTE(line, i);
    pixDestroy(&g);
    return 0;
}

/* libpng's source for a PNG in memory; a short read is libpng's own "Read Error" */
static void png_from_memory(png_structp png, png_bytep out, size_t n)
{
    png_job *j = png_get_io_ptr(png);
    if (n > j->len - j->pos)
        png_error(png, "Read Error");
    memcpy(out, j->mem + j->pos, n);
    j->pos += n;
}

/* From the open file j->fp, or from j->mem when it is NULL. */
static PIX *read_png(png_job *j, char **reason)
{
    j->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, j, png_on_error, png_on_warning);
    j->info = j->png ? png_create_info_struct(j->png) : NULL;
    if (!j->info) {
        *reason = dc_strdup("out of memory reading PNG");
        png_job_free(j);
        return NULL;
    }
    if (setjmp(j->jb)) {
        /* libpng says "Read Error" when the file ends before the image does */
        *reason = strcmp(j->msg, "Read Error") == 0 ? dc_strdup("truncated PNG (its data end before the image does)")
                                                     : dc_asprintf("corrupt PNG (%s)", j->msg);
        png_job_free(j);
        return NULL;
    }
    if (j->fp)
        png_init_io(j->png, j->fp);
    else
        png_set_read_fn(j->png, j, png_from_memory);
    png_read_info(j->png, j->info);
    png_uint_32 w = 0, h = 0;
    int depth = 0, ctype = 0;
    png_get_IHDR(j->png, j->info, &w, &h, &depth, &ctype, NULL, NULL, NULL);
    if ((double)w * (double)h > 4e8) { /* pages are checked before (max_megapixels); a crop is small */
        *reason = dc_asprintf("PNG of absurd size: %ux%u pixels", (unsigned)w, (unsigned)h);
        png_job_free(j);
        return NULL;
    }
    unsigned char lut[256];
    bool indexed = ctype == PNG_COLOR_TYPE_PALETTE;
    if (indexed) {
        if (palette_lut(j, lut) != 0) {
            *reason = dc_strdup("corrupt PNG (unusable palette)");
            png_job_free(j);
            return NULL;
        }
        png_set_packing(j->png); /* 1, 2 and 4-bit indices, one to a byte */
    }
    if (depth == 16)
        png_set_strip_16(j->png); /* the high byte, as Leptonica keeps it */
    if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
        png_set_expand_gray_1_2_4_to_8(j->png);
    if (ctype & PNG_COLOR_MASK_ALPHA)
        png_set_strip_alpha(j->png);
    int passes = png_set_interlace_handling(j->png);
    png_read_update_info(j->png, j->info);
    int ch = png_get_channels(j->png, j->info);
    size_t rowbytes = png_get_rowbytes(j->png, j->info);
    if ((ch != 1 && ch != 3) || rowbytes < (size_t)w * (size_t)ch) {
        *reason = dc_asprintf("unsupported PNG layout (%d channels)", ch);
        png_job_free(j);
        return NULL;
    }
    j->pix = pixCreate((l_int32)w, (l_int32)h, 8);
    j->buf = malloc(passes > 1 ? rowbytes * h : rowbytes);
    if (!j->pix || !j->buf) {
        *reason = dc_strdup("out of memory reading PNG");
        png_job_free(j);
        return NULL;
    }
    if (passes > 1) { /* interlaced: every pass touches every row, so the whole image is kept */
        j->rows = malloc(h * sizeof *j->rows);
        if (!j->rows) {
            *reason = dc_strdup("out of memory reading PNG");
            png_job_free(j);
            return NULL;
        }
        for (png_uint_32 y = 0; y < h; y++)
            j->rows[y] = j->buf + y * rowbytes;
        png_read_image(j->png, j->rows);
        for (png_uint_32 y = 0; y < h; y++)
            put_row(j->pix, (int)y, j->rows[y], ch, indexed ? lut : NULL, false);
    } else {
        for (png_uint_32 y = 0; y < h; y++) {
            png_read_row(j->png, j->buf, NULL);
            put_row(j->pix, (int)y, j->buf, ch, indexed ? lut : NULL, false);
        }
    }
    png_read_end(j->png, NULL);
    PIX *out = j->pix;
    j->pix = NULL;
    png_job_free(j);
    return out;
}

/* The file of a page, or NULL with *reason saying why it cannot be read. */
static FILE *open_image(const char *path, char **reason)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        *reason = dc_asprintf("cannot read file: %s", strerror(errno));
    return fp;
}

PIX *scan_read_png(const char *path, char **reason)
{
    *reason = NULL;
    png_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (!(j->fp = open_image(path, reason))) {
        png_job_free(j);
        return NULL;
    }
    return read_png(j, reason);
}

PIX *scan_read_png_mem(const unsigned char *data, size_t len, char **reason)
{
    *reason = NULL;
    png_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->mem = data;
    j->len = len;
    return read_png(j, reason);
}

/* ---- JPEG ---- */

typedef struct jpeg_job {
    struct jpeg_error_mgr err; /* first: libjpeg hands back a pointer to it */
    jmp_buf jb;
    char msg[JMSG_LENGTH_MAX];
    char warning[JMSG_LENGTH_MAX];
    int warnings;
    FILE *fp;
    struct jpeg_decompress_struct ci;
    bool created;
    bool complete; /* every row read without a warning: an error after that does not lose the page */
    unsigned char *row;
    PIX *pix;
} jpeg_job;

static void jpeg_on_error(j_common_ptr ci)
{
    jpeg_job *j = (jpeg_job *)ci->err;
    ci->err->format_message(ci, j->msg);
    longjmp(j->jb, 1);
}

static void jpeg_on_message(j_common_ptr ci, int level)
{
    jpeg_job *j = (jpeg_job *)ci->err;
    if (level >= 0)
        return; /* trace messages */
    if (j->warnings++ == 0)
        ci->err->format_message(ci, j->warning);
}

static void jpeg_job_free(jpeg_job *j)
{
    if (j->created)
        jpeg_destroy_decompress(&j->ci);
    if (j->fp)
        fclose(j->fp);
    free(j->row);
    pixDestroy(&j->pix);
    free(j);
}

static jpeg_job *jpeg_open(const char *path, char **reason)
{
    jpeg_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    if (!(j->fp = open_image(path, reason))) {
        jpeg_job_free(j);
        return NULL;
    }
    j->ci.err = jpeg_std_error(&j->err);
    j->err.error_exit = jpeg_on_error;
    j->err.emit_message = jpeg_on_message;
    return j;
}

int scan_jpeg_size(const char *path, int *w, int *h, char **reason)
{
    *reason = NULL;
    *w = *h = 0;
    jpeg_job *j = jpeg_open(path, reason);
    if (!j)
        return -1;
    if (setjmp(j->jb)) {
        *reason = dc_asprintf("corrupt JPEG (%s)", j->msg);
        jpeg_job_free(j);
        return -1;
    }
    jpeg_create_decompress(&j->ci);
    j->created = true;
    jpeg_stdio_src(&j->ci, j->fp);
    jpeg_read_header(&j->ci, TRUE);
    *w = (int)j->ci.image_width;
    *h = (int)j->ci.image_height;
    jpeg_job_free(j);
    return 0;
}

PIX *scan_read_jpeg(const char *path, char **reason)
{
    *reason = NULL;
    jpeg_job *j = jpeg_open(path, reason);
    if (!j)
        return NULL;
    if (setjmp(j->jb)) {
        PIX *out = NULL;
        if (j->complete) { /* e.g. a damaged marker after the image data */
            out = j->pix;
            j->pix = NULL;
        } else {
            *reason = dc_asprintf("corrupt JPEG (%s)", j->msg);
        }
        jpeg_job_free(j);
        return out;
    }
    jpeg_create_decompress(&j->ci);
    j->created = true;
    jpeg_stdio_src(&j->ci, j->fp);
    jpeg_read_header(&j->ci, TRUE);
    j->warnings = 0; /* the header's (an unknown JFIF revision) do not touch the image */
    bool cmyk = j->ci.jpeg_color_space == JCS_CMYK || j->ci.jpeg_color_space == JCS_YCCK;
    if (j->ci.num_components == 1)
        j->ci.out_color_space = JCS_GRAYSCALE;
    else if (j->ci.num_components == 3)
        j->ci.out_color_space = JCS_RGB;
    else if (j->ci.num_components == 4 && cmyk)
        j->ci.out_color_space = JCS_CMYK;
    else {
        *reason = dc_asprintf("unsupported JPEG colour space (%d components)", j->ci.num_components);
        jpeg_job_free(j);
        return NULL;
    }
    jpeg_start_decompress(&j->ci);
    int w = (int)j->ci.output_width, h = (int)j->ci.output_height, ch = j->ci.output_components;
    bool adobe = j->ci.saw_Adobe_marker;
    j->pix = pixCreate(w, h, 8);
    j->row = malloc((size_t)w * (size_t)ch);
    if (!j->pix || !j->row) {
        *reason = dc_strdup("out of memory reading JPEG");
        jpeg_job_free(j);
        return NULL;
    }
    while (j->ci.output_scanline < j->ci.output_height) {
        int y = (int)j->ci.output_scanline;
        JSAMPROW r = j->row;
        if (jpeg_read_scanlines(&j->ci, &r, 1) != 1)
            break;
        put_row(j->pix, y, j->row, ch, NULL, adobe);
    }
    /* damaged image data (a cut or corrupt stream): libjpeg fills in grey and warns; the page is
     * not the one scanned, so it is rejected. Bytes after the image data are not the page's. */
    if (j->warnings > 0 || j->ci.output_scanline < j->ci.output_height) {
        const char *what = j->warnings ? j->warning : "image data ends early";
        if (strncmp(what, "Corrupt JPEG data: ", 19) == 0)
            what += 19;
        *reason = dc_asprintf("corrupt JPEG data (%s)", what);
        jpeg_job_free(j);
        return NULL;
    }
    j->complete = true;
    jpeg_finish_decompress(&j->ci);
    PIX *out = j->pix;
    j->pix = NULL;
    jpeg_job_free(j);
    return out;
}
