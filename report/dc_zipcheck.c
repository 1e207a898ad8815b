/* dc_zipcheck: reads back a zip (a workbook) and checks every member is whole. */
#include "dc_zipcheck.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "dc_error.h"
#include "dc_util.h"

#define EOCD_SIG 0x06054b50u
#define CDIR_SIG 0x02014b50u
#define LOCAL_SIG 0x04034b50u
#define EOCD_SIZE 22u
#define CDIR_SIZE 46u
#define LOCAL_SIZE 30u
#define MAX_MEMBER (512u * 1024u * 1024u)   /* far above any report; refuses absurd sizes */

static uint32_t u16(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
    const size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Skips white space, the XML declaration / processing instructions and comments. */
static size_t skip_prolog(const unsigned char *x, size_t n, size_t i)
{
    for (;;) {
        while (i < n && is_space(x[i]))
            i++;
        if (i + 1 < n && x[i] == '<' && x[i + 1] == '?') {
            const unsigned char *e = NULL;
            for (size_t j = i + 2; j + 1 < n; j++)
                if (x[j] == '?' && x[j + 1] == '>') {
                    e = x + j;
                    break;
                }
            if (!e)
                return n;
            i = (size_t)(e - x) + 2;
        } else if (i + 3 < n && memcmp(x + i, "<!--", 4) == 0) {
            size_t j = i + 4;
            while (j + 2 < n && memcmp(x + j, "-->", 3) != 0)
                j++;
            if (j + 2 >= n)
                return n;
            i = j + 3;
        } else {
            return i;
        }
    }
}

/* Whether x (n bytes) is a whole XML document: its root element is closed at the end. */
static int xml_whole(const unsigned char *x, size_t n)
{
    size_t i = 0;
    if (n >= 3 && x[0] == 0xEF && x[1] == 0xBB && x[2] == 0xBF)
        i = 3;   /* byte-order mark */
    i = skip_prolog(x, n, i);
    if (i >= n || x[i] != '<')
        return 0;
    const size_t name = i + 1;
    size_t j = name;
    while (j < n && !is_space(x[j]) && x[j] != '>' && x[j] != '/')
        j++;
    const size_t name_len = j - name;
    if (name_len == 0 || j >= n)
        return 0;
    size_t end = n;
    while (end > 0 && is_space(x[end - 1]))
        end--;
    /* <root .../> and nothing after it */
    size_t t = j;
    while (t < n && x[t] != '>')
        t++;
    if (t < n && x[t - 1] == '/' && t + 1 == end)
        return 1;
    /* ... </root> */
    if (end < name_len + 3 || x[end - 1] != '>')
        return 0;
    size_t close = end - 1;
    while (close > 0 && is_space(x[close - 1]))   /* </root  > */
        close--;
    if (close < name_len + 2)
        return 0;
    const size_t at = close - name_len;
    return x[at - 2] == '<' && x[at - 1] == '/' && memcmp(x + at, x + name, name_len) == 0 && at - 2 > t;
}

static int inflate_member(const unsigned char *src, size_t clen, unsigned char *dst, size_t ulen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return -1;
    z.next_in = (unsigned char *)src;   /* zlib's API is not const */
    z.avail_in = (uInt)clen;
    z.next_out = dst;
    z.avail_out = (uInt)ulen;
    int r = inflate(&z, Z_FINISH);
    /* the stream ends exactly where the directory says the member's data end */
    const int ok = r == Z_STREAM_END && z.total_out == ulen && z.avail_in == 0;
    inflateEnd(&z);
    return ok ? 0 : -1;
}

/* The CRC-32 and sizes a local header holds (at q): the directory's, or zeros when the member
 * has a data descriptor (flag bit 3) after its data. */
static int local_sizes_agree(const unsigned char *q, uint32_t crc, uint32_t clen, uint32_t ulen, uint32_t flags)
{
    if (u32(q) == crc && u32(q + 4) == clen && u32(q + 8) == ulen)
        return 1;
    return (flags & 8u) && u32(q) == 0 && u32(q + 4) == 0 && u32(q + 8) == 0;
}

/* The data descriptor at `at` (its signature optional) holds the directory's CRC-32 and sizes,
 * and ends before the directory at `end`. */
static int descriptor_agrees(const unsigned char *d, size_t at, size_t end, uint32_t crc, uint32_t clen,
                             uint32_t ulen)
{
    for (int sig = 0; sig < 2; sig++) {
        const size_t q = at + (sig ? 4u : 0u);
        if ((!sig || (at + 4 <= end && u32(d + at) == 0x08074b50u)) && q + 12 <= end && u32(d + q) == crc &&
            u32(d + q + 4) == clen && u32(d + q + 8) == ulen)
            return 1;
    }
    return 0;
}

int dc_zip_check_buffer(const unsigned char *d, size_t len, const char *path)
{
    if (len < EOCD_SIZE)
        return dc_error_set(DC_ERR_XLSX, "%s: the workbook is cut short (%zu bytes, no zip directory)", path, len);
    /* the end record: its signature, searched back over a comment of up to 64 KiB */
    const size_t lowest = len > EOCD_SIZE + 65535u ? len - EOCD_SIZE - 65535u : 0;
    size_t eocd = len - EOCD_SIZE;
    int found = 0;
    for (;; eocd--) {
        if (u32(d + eocd) == EOCD_SIG && eocd + EOCD_SIZE + u16(d + eocd + 20) == len) {
            found = 1;
            break;
        }
        if (eocd == lowest)
            break;
    }
    if (!found)
        return dc_error_set(DC_ERR_XLSX, "%s: the workbook is cut short or damaged (no zip end record)", path);
    const uint32_t entries = u16(d + eocd + 10), cd_size = u32(d + eocd + 12), cd_off = u32(d + eocd + 16);
    if (u16(d + eocd + 4) != 0 || u16(d + eocd + 6) != 0 || u16(d + eocd + 8) != entries ||
        entries == 0xFFFFu || cd_off == 0xFFFFFFFFu || (size_t)cd_off + cd_size > eocd)
        return dc_error_set(DC_ERR_XLSX, "%s: the workbook's zip directory is damaged", path);
    if (entries == 0)
        return dc_error_set(DC_ERR_XLSX, "%s: the workbook holds no parts", path);
    size_t p = cd_off;
    for (uint32_t k = 0; k < entries; k++) {
        if (p + CDIR_SIZE > (size_t)cd_off + cd_size || u32(d + p) != CDIR_SIG)
            return dc_error_set(DC_ERR_XLSX, "%s: the workbook's zip directory is damaged (entry %u)", path,
                                (unsigned)k + 1);
        const uint32_t flags = u16(d + p + 8), method = u16(d + p + 10), crc = u32(d + p + 16);
        const uint32_t clen = u32(d + p + 20), ulen = u32(d + p + 24);
        const uint32_t nlen = u16(d + p + 28), xlen = u16(d + p + 30), mlen = u16(d + p + 32);
        const uint32_t loc = u32(d + p + 42);
        if (p + CDIR_SIZE + nlen + xlen + mlen > (size_t)cd_off + cd_size)
            return dc_error_set(DC_ERR_XLSX, "%s: the workbook's zip directory is damaged (entry %u)", path,
                                (unsigned)k + 1);
        char name[256];
        const size_t shown = nlen < sizeof name - 1 ? nlen : sizeof name - 1;
        memcpy(name, d + p + CDIR_SIZE, shown);
        name[shown] = '\0';
        for (size_t i = 0; i < shown; i++)
            if ((unsigned char)name[i] < 0x20)
                name[i] = '?';
        if ((flags & 1u) || u16(d + p + 34) != 0 /* on another disk */ || clen == 0xFFFFFFFFu || ulen == 0xFFFFFFFFu || loc == 0xFFFFFFFFu ||
            (method != 0 && method != 8))
            return dc_error_set(DC_ERR_XLSX, "%s: part %s is stored in a way a workbook never is", path, name);
        if (ulen > MAX_MEMBER)
            return dc_error_set(DC_ERR_XLSX, "%s: part %s claims %u bytes", path, name, (unsigned)ulen);
        /* the local header must agree with the directory (a reader may go by either) and its data
         * lie before the directory; only dates, times and attributes are not compared */
        if ((size_t)loc + LOCAL_SIZE > cd_off || u32(d + loc) != LOCAL_SIG ||
            u16(d + loc + 26) != nlen || memcmp(d + loc + LOCAL_SIZE, d + p + CDIR_SIZE, nlen) != 0 ||
            u16(d + loc + 8) != method || u16(d + loc + 6) != flags || u16(d + loc + 4) != u16(d + p + 6) ||
            !local_sizes_agree(d + loc + 14, crc, clen, ulen, flags))
            return dc_error_set(DC_ERR_XLSX, "%s: part %s: its local header is damaged", path, name);
        const size_t data = (size_t)loc + LOCAL_SIZE + nlen + u16(d + loc + 28);
        if (data > cd_off || clen > cd_off - data)
            return dc_error_set(DC_ERR_XLSX, "%s: part %s runs past the end of its data", path, name);
        if ((flags & 8u) && !descriptor_agrees(d, data + clen, cd_off, crc, clen, ulen))
            return dc_error_set(DC_ERR_XLSX, "%s: part %s: its data descriptor is damaged", path, name);
        unsigned char *u = malloc((size_t)ulen + 1);   /* + a NUL for dc_text_check */
        if (!u)
            return dc_error_set(DC_ERR_NOMEM, "%s: part %s: out of memory", path, name);
        int bad;
        if (method == 0) {
            bad = clen != ulen;
            if (!bad)
                memcpy(u, d + data, ulen);
        } else {
            bad = inflate_member(d + data, clen, u, ulen) != 0;
        }
        if (!bad && (uint32_t)crc32(crc32(0L, Z_NULL, 0), u, ulen) != crc)
            bad = 1;
        int rc = DC_OK;
        const int xml = ends_with(name, shown, ".xml") || ends_with(name, shown, ".rels") || ends_with(name, shown, ".vml");
        const char *what = NULL;
        long at = -1;
        if (!bad && xml) {
            u[ulen] = 0;
            const unsigned char *nul = memchr(u, 0, ulen);
            at = dc_text_check((const char *)u, 1, &what);
            if (nul && (at < 0 || (size_t)at > (size_t)(nul - u))) {
                at = (long)(nul - u);
                what = "a control character";
            }
        }
        if (bad)
            rc = dc_error_set(DC_ERR_XLSX, "%s: part %s is damaged (it does not unpack to its size and checksum)",
                              path, name);
        else if (xml && !xml_whole(u, ulen))
            rc = dc_error_set(DC_ERR_XLSX, "%s: part %s is cut short (%u bytes, its document is not closed)", path,
                              name, (unsigned)ulen);
        else if (at >= 0)   /* XML is UTF-8 text without control characters: a reader refuses the part */
            rc = dc_error_set(DC_ERR_XLSX, "%s: part %s is not valid XML text (%s at byte %ld)", path, name, what,
                              at + 1);
        free(u);
        if (rc)
            return rc;
        p += CDIR_SIZE + nlen + xlen + mlen;
    }
    return DC_OK;
}

int dc_zip_check(const char *path)
{
    unsigned char *d = NULL;
    size_t len = 0;
    int rc = dc_read_file(path, &d, &len);   /* DC_ERR_IO naming the path */
    if (!rc)
        rc = dc_zip_check_buffer(d, len, path);
    free(d);
    return rc;
}
