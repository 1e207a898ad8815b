/* dc_error: messages for the error enum and a thread-local detail buffer. */
#include "dc_error.h"

#include <stdio.h>
#include <string.h>

static _Thread_local char detail[1024];

const char *dc_strerror(int code)
{
    /* No default: -Wswitch flags a new code that has no message here. */
    switch ((dc_error)code) {
    case DC_OK: return "success";
    case DC_ERR_NOMEM: return "out of memory";
    case DC_ERR_INVALID_ARG: return "invalid argument";
    case DC_ERR_IO: return "file input/output error";
    case DC_ERR_NO_SPACE: return "no space left on device";
    case DC_ERR_JSON: return "invalid JSON";
    case DC_ERR_TEMPLATE: return "malformed form template";
    case DC_ERR_UNKNOWN_TEMPLATE: return "unknown form template or version";
    case DC_ERR_RULES: return "malformed rules file";
    case DC_ERR_IMAGE: return "unreadable image";
    case DC_ERR_PDF_INPUT: return "unreadable PDF";
    case DC_ERR_NOT_FORM: return "not a dcaccess form";
    case DC_ERR_OCR: return "OCR engine error";
    case DC_ERR_MODEL: return "recognizer model error (digits or letters)";
    case DC_ERR_VALUE: return "invalid value for field";
    case DC_ERR_NOT_FOUND: return "not found";
    case DC_ERR_ARCHIVE: return "archive error";
    case DC_ERR_TAMPERED: return "archive verification failed";
    case DC_ERR_PDF_OUTPUT: return "PDF output error";
    case DC_ERR_XLSX: return "XLSX output error";
    case DC_ERR_EXTERNAL: return "external program failed";
    case DC_ERR_INTERRUPTED: return "interrupted";
    case DC_ERR_CHANGED: return "changed by someone else meanwhile";
    case DC_ERR_NEWER: return "made by a newer dcaccess";
    case DC_ERR__COUNT: break;
    }
    return "unknown error";
}

int dc_error_setv(int code, const char *fmt, va_list ap)
{
    if (fmt)
        vsnprintf(detail, sizeof detail, fmt, ap);
    else
        detail[0] = '\0';
    return code;
}

int dc_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    dc_error_setv(code, fmt, ap);
    va_end(ap);
    return code;
}

int dc_error_wrap(int code, const char *fmt, ...)
{
    char prefix[512], old[sizeof detail];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, detail, sizeof old);
    /* Truncation is acceptable for a message; strncat keeps it bounded. */
    size_t n = strlen(prefix);
    if (n >= sizeof detail)
        n = sizeof detail - 1;
    memcpy(detail, prefix, n);
    detail[n] = '\0';
    strncat(detail, old, sizeof detail - n - 1);
    return code;
}

const char *dc_error_detail(void) { return detail; }

void dc_error_clear(void) { detail[0] = '\0'; }
