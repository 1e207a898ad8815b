/* dc_error: the one error enum of dcaccess, its messages, and a per-thread detail. */
#ifndef DC_ERROR_H
#define DC_ERROR_H

#include <stdarg.h>

/* Every fallible dcaccess function returns one of these (0 is success).
 * Libraries never print: they return a code and may leave a human-readable detail
 * (naming the file, page, field or key at fault) retrievable with dc_error_detail(). */
typedef enum dc_error {
    DC_OK = 0,              /* success */
    DC_ERR_NOMEM,           /* out of memory */
    DC_ERR_INVALID_ARG,     /* a caller passed an impossible argument */
    DC_ERR_IO,              /* a file could not be read, written or created */
    DC_ERR_NO_SPACE,        /* the disk is full */
    DC_ERR_JSON,            /* a JSON file is not valid JSON */
    DC_ERR_TEMPLATE,        /* a form template is malformed */
    DC_ERR_UNKNOWN_TEMPLATE,/* no template for the form/version a page names */
    DC_ERR_RULES,           /* a rules file is malformed */
    DC_ERR_IMAGE,           /* an image is corrupt, truncated, empty or of absurd size */
    DC_ERR_PDF_INPUT,       /* a PDF could not be rasterised */
    DC_ERR_NOT_FORM,        /* a page is not a dcaccess form */
    DC_ERR_OCR,             /* the OCR engine failed or is missing its data */
    DC_ERR_MODEL,           /* a recognizer model file (digits or letters) is missing, malformed or of the wrong kind */
    DC_ERR_VALUE,           /* a value is not valid for its field type */
    DC_ERR_NOT_FOUND,       /* the thing asked for does not exist */
    DC_ERR_ARCHIVE,         /* the SQLite archive failed or has an unknown schema */
    DC_ERR_TAMPERED,        /* the archive's hash chain or a source file does not verify */
    DC_ERR_PDF_OUTPUT,      /* libharu failed to write a PDF */
    DC_ERR_XLSX,            /* libxlsxwriter failed to write a workbook */
    DC_ERR_EXTERNAL,        /* a helper program (pdftoppm) failed or is missing */
    DC_ERR_INTERRUPTED,     /* the run was interrupted; what was stored is intact */
    DC_ERR_CHANGED,         /* what was to be changed was changed by someone else meanwhile */
    DC_ERR_NEWER,           /* made by a newer dcaccess than this one (a record's rules engine) */
    DC_ERR__COUNT           /* sentinel: number of codes */
} dc_error;

/* Static, English, never NULL. */
const char *dc_strerror(int code);

/* Sets this thread's detail message (printf-style) and returns `code`,
 * so a failing function can `return dc_error_set(DC_ERR_IO, "%s: %s", path, strerror(errno));`. */
int dc_error_set(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int dc_error_setv(int code, const char *fmt, va_list ap);

/* Prefixes the current detail with more context ("access.json: " + detail). Returns `code`. */
int dc_error_wrap(int code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* This thread's last detail; "" if none. Valid until the next dc_error_* call on this thread. */
const char *dc_error_detail(void);
void dc_error_clear(void);

#endif
