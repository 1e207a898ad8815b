/* scan_input: input files -> pages (listing, sniffing, header checks, PDF rasterisation). */
#include "scan_internal.h"

#include "dc_error.h"
#include "dc_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ---- listing ---- */

typedef struct strvec {
    char **v;
    size_t n, cap;
} strvec;

static int strvec_push(strvec *sv, char *s)
{
    if (!s)
        return DC_ERR_NOMEM;
    if (dc_grow(&sv->v, &sv->cap, sv->n, sizeof *sv->v, 16) != 0) {
        free(s);
        return DC_ERR_NOMEM;
    }
    sv->v[sv->n++] = s;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Inside a folder only files named like scans are read (a scan folder often also holds notes,
 * checksums or, in samples/, ground truth); the others are reported as skipped. A file named
 * explicitly is always read, and rejected with a reason if it is not an image. */
static bool is_scan_name(const char *path)
{
    static const char *const exts[] = {"tif", "tiff", "png", "jpg", "jpeg", "jpe", "jfif",
                                       "pnm", "pbm", "pgm", "ppm", "pdf", "bmp"};
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    if (!dot)
        return false;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcasecmp(dot + 1, exts[i]) == 0)
            return true;
    return false;
}

static int list_dir(strvec *out, strvec *skipped, const char *dir, int depth, dc_seen_dirs *seen)
{
    if (depth > 32)
        return 0; /* a chain of links too deep to be a scan folder */
    const int before = dc_seen_dir(seen, dir);   /* a symlink back up the tree: each file decoded once */
    if (before)
        return before < 0 ? DC_ERR_NOMEM : 0;
    DIR *d = opendir(dir);
    if (!d)
        return strvec_push(out, dc_strdup(dir)); /* probe will reject it with the reason */
    strvec names = {0};
    int rc = 0;
    struct dirent *e;
    for (;;) {
        e = readdir(d);
        if (!e)
            break;
        if (e->d_name[0] == '.')
            continue; /* ., .., hidden files */
        size_t dl = strlen(dir);
        rc = strvec_push(&names, dc_asprintf("%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name));
        if (rc)
            break;
    }
    closedir(d);
    if (!rc && names.n)   /* qsort of NULL, 0 is undefined (an empty folder) */
        qsort(names.v, names.n, sizeof *names.v, cmp_str);
    for (size_t i = 0; i < names.n; i++) {
        struct stat st;
        if (rc) {
            free(names.v[i]);
            continue;
        }
        const size_t len = strlen(names.v[i]);
        const bool folder = stat(names.v[i], &st) == 0 && S_ISDIR(st.st_mode);
        if (folder && len > 6 && strcmp(names.v[i] + len - 6, ".crops") == 0) {
            /* an archive kept in the scanned folder: its crops were stored as rejected pages */
            char *shown = dc_asprintf("%s/", names.v[i]);
            free(names.v[i]);
            rc = strvec_push(skipped, shown);
        } else if (folder) {
            rc = list_dir(out, skipped, names.v[i], depth + 1, seen);
            free(names.v[i]);
        } else if (is_scan_name(names.v[i])) {
            rc = strvec_push(out, names.v[i]);
        } else {
            rc = strvec_push(skipped, names.v[i]);
        }
    }
    free(names.v);
    return rc;
}

int scan_list_files(char ***out, size_t *n, char ***skipped, size_t *nskipped, const char *const *paths,
                    size_t npaths)
{
    strvec sv = {0}, sk = {0};
    dc_seen_dirs seen = {0};
    int rc = 0;
    for (size_t i = 0; i < npaths && !rc; i++) {
        struct stat st;
        if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = list_dir(&sv, &sk, paths[i], 0, &seen);
        else
            rc = strvec_push(&sv, dc_strdup(paths[i]));
    }
    free(seen.v);
    if (rc) {
        scan_free_list(sv.v, sv.n);
        scan_free_list(sk.v, sk.n);
        return dc_error_set(rc, "listing input files: out of memory");
    }
    *out = sv.v;
    *n = sv.n;
    *skipped = sk.v;
    *nskipped = sk.n;
    return 0;
}

void scan_free_list(char **list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i]);
    free(list);
}

/* ---- helpers running poppler tools without a shell ---- */

/* Runs argv[0] (PATH lookup) with stdout to `out_path` (NULL: /dev/null), stderr discarded.
 * Returns the exit status, or -1 when it could not run. */
static int run_tool(char *const argv[], const char *out_path)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, out_path ? out_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : -1;
}

/* Page count and first page size (points) from pdfinfo. */
/* pdfinfo on the file, or on page `page` alone (0: the file): the page count and the (first or
 * that) page's size in points. -2 when pdfinfo could not be started or was killed, -1 when it
 * could not read the file. */
static int pdf_info(const char *path, int page, int *npages, double *w_pt, double *h_pt)
{
    *w_pt = *h_pt = 0;
    char *dir = dc_make_tmpdir("dcscan");
    if (!dir)
        return -1;
    char *info = dc_asprintf("%s/info.txt", dir);
    int rc = -1;
    char pagestr[16];
    snprintf(pagestr, sizeof pagestr, "%d", page);
    char *whole[] = {"pdfinfo", "--", (char *)path, NULL};
    char *one[] = {"pdfinfo", "-f", pagestr, "-l", pagestr, "--", (char *)path, NULL};
    char **argv = page > 0 ? one : whole;
    const int st = info ? run_tool(argv, info) : 0;
    if (st == -1 || st > 128) {
        rc = -2;
    } else if (info && st == 0) {
        FILE *f = fopen(info, "r");
        char line[512];
        while (f && fgets(line, sizeof line, f)) {
            if (strncmp(line, "Pages:", 6) == 0) {
                *npages = atoi(line + 6);
                rc = *npages > 0 ? 0 : -1;
            } else if (strncmp(line, "Page size:", 10) == 0) {
                if (sscanf(line + 10, "%lf x %lf", w_pt, h_pt) != 2)
                    *w_pt = *h_pt = 0;
            } else if (page > 0 && strncmp(line, "Page ", 5) == 0) {   /* "Page    2 size: 595 x 842 pts" */
                int n = 0;
                double w = 0, h = 0;
                if (sscanf(line + 5, "%d size: %lf x %lf", &n, &w, &h) == 3 && n == page) {
                    *w_pt = w;
                    *h_pt = h;
                }
            }
        }
        if (f)
            fclose(f);
    }
    if (info)
        unlink(info);
    rmdir(dir);
    free(info);
    free(dir);
    return rc;
}

/* ---- probing ---- */

static bool has_suffix_bytes(const unsigned char *tail, size_t n, const unsigned char *pat, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(tail + i, pat, m) == 0)
            return true;
    return false;
}

/* The last bytes of a file (truncation checks for PNG/JPEG). */
static size_t read_tail(const char *path, unsigned char *buf, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = 0;
    if (fseek(f, -(long)len, SEEK_END) != 0)
        rewind(f);
    got = fread(buf, 1, len, f);
    fclose(f);
    return got;
}

/* The first n bytes of `pat` in the `len` bytes at h (which may hold any byte), or NULL. */
static char *find_bytes(char *h, size_t len, const char *pat, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (h[i] == pat[0] && memcmp(h + i, pat, n) == 0)
            return h + i;
    return NULL;
}

/* The page count a cut PDF's page tree gave (its root: "/Type /Pages ... /Count N" with no
 * /Parent, read in the first 64 MB written as plain text); 0 when it is not there (compressed, or
 * cut off before it). */
static long pdf_pages_written(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    enum { CHUNK = 1 << 16, KEEP = 512 };
    char *buf = malloc(CHUNK + KEEP + 1);
    long count = 0;
    size_t have = 0, total = 0;
    while (buf && count == 0 && total < (64u << 20)) {
        size_t got = fread(buf + have, 1, CHUNK, f);
        if (!got)
            break;
        total += got;
        have += got;
        buf[have] = '\0';
        for (char *c = buf; count == 0 && (c = find_bytes(c, have - (size_t)(c - buf), "/Pages", 6)) != NULL; c += 6) {
            /* the dictionary around it: /Type /Pages (or /Type/Pages), then its /Count */
            const char *start = c > buf + 16 ? c - 16 : buf;
            if (!find_bytes((char *)start, (size_t)(c - start), "/Type", 5))
                continue;
            const char *end = find_bytes(c, have - (size_t)(c - buf), ">>", 2);
            const char *k = end ? find_bytes(c, (size_t)(end - c), "/Count", 6) : NULL;
            /* only the root of the page tree counts them all; a node under it has a /Parent,
             * before or after its /Type in the dictionary */
            char *open = c;
            while (open > buf + 1 && !(open[-2] == '<' && open[-1] == '<') && c - open < 512)
                open--;
            if (k && !find_bytes(open, (size_t)(end - open), "/Parent", 7))
                count = strtol(k + 6, NULL, 10);
        }
        if (have > KEEP) {   /* keep the end: a dictionary may run over the chunk's edge */
            memmove(buf, buf + have - KEEP, KEEP);
            have = KEEP;
        }
    }
    free(buf);
    fclose(f);
    return count > 0 && count < 100000 ? count : 0;
}

/* An unsigned integer of n bytes (2, 4 or 8) in the file's byte order. */
static unsigned long long rd_uint(const unsigned char *p, unsigned n, bool le)
{
    unsigned long long v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (unsigned long long)p[le ? i : n - 1 - i] << (8 * i);
    return v;
}

/* Walks a TIFF's chain of page directories (classic and BigTIFF) without decoding anything:
 * *whole gets the number of directories that lie wholly inside the file, *cut is set when the
 * chain points past its end (the file was cut short after page *whole). Returns -1 when the
 * header is not one. Leptonica's page count stops at such a break without a word, so a cut
 * multi-page scan lost its last pages silently. */
static int tiff_chain(const char *path, int *whole, bool *cut)
{
    *whole = 0;
    *cut = false;
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    unsigned char b[16];
    int rc = -1;
    if (fseek(f, 0, SEEK_END) != 0)
        goto out;
    const long long size = ftell(f);
    rewind(f);
    if (size < 8 || fread(b, 1, 8, f) != 8)
        goto out;
    const bool le = b[0] == 'I';
#define RD(p, n) rd_uint(p, n, le)
    const unsigned magic = (unsigned)RD(b + 2, 2);
    if ((b[0] != 'I' && b[0] != 'M') || b[0] != b[1] || (magic != 42 && magic != 43))
        goto out;
    const bool big = magic == 43;
    unsigned long long off = big ? 0 : RD(b + 4, 4);
    if (big) {
        if (fread(b + 8, 1, 8, f) != 8)
            goto out;
        off = RD(b + 8, 8);
    }
    const unsigned cnt_len = big ? 8 : 2, entry = big ? 20 : 12, next_len = big ? 8 : 4;
    rc = 0;
    for (int guard = 0; off != 0 && guard < 100000; guard++) {
        if ((long long)off < 8 || (long long)(off + cnt_len) > size) {
            *cut = true;
            break;
        }
        if (fseek(f, (long)off, SEEK_SET) != 0 || fread(b, 1, cnt_len, f) != cnt_len) {
            *cut = true;
            break;
        }
        const unsigned long long n = RD(b, cnt_len);
        const unsigned long long next_at = off + cnt_len + n * entry;
        if (n > 100000 || (long long)(next_at + next_len) > size) {
            *cut = true;
            break;
        }
        if (fseek(f, (long)next_at, SEEK_SET) != 0 || fread(b, 1, next_len, f) != next_len) {
            *cut = true;
            break;
        }
        (*whole)++;
        const unsigned long long next = RD(b, next_len);
        if (next != 0 && next <= off)
            break;   /* a loop back, or a writer's odd layout: stop counting, nothing is cut */
        off = next;
    }
#undef RD
out:
    fclose(f);
    return rc;
}

static int check_dims(scan_file *f, int w, int h, double max_mp)
{
    if (w <= 0 || h <= 0) {
        f->bad_reason = dc_asprintf("corrupt image: size %dx%d", w, h);
        return -1;
    }
    if (w < 200 || h < 200) {
        f->bad_reason = dc_asprintf("image too small to be a scanned page: %dx%d pixels", w, h);
        return -1;
    }
    if ((double)w * (double)h > max_mp * 1e6 || w > 60000 || h > 60000) {
        f->bad_reason = dc_asprintf("image of absurd size: %dx%d pixels (limit %.0f megapixels)", w, h, max_mp);
        return -1;
    }
    return 0;
}

/* Why a file of no format dcaccess reads is rejected: said as "named .pdf but not a PDF" when its
 * name says a format (a text file saved as notes.pdf was "not an image"), with "it holds text"
 * when its first bytes are text. */
static char *unknown_format_reason(const char *path, const unsigned char *head, size_t nh)
{
    static const struct {
        const char *ext, *what;
    } named[] = {{".pdf", "a PDF"},   {".png", "a PNG"},  {".jpg", "a JPEG"}, {".jpeg", "a JPEG"},
                 {".tif", "a TIFF"},  {".tiff", "a TIFF"}, {".bmp", "a BMP"},  {".pnm", "a PNM image"},
                 {".pgm", "a PGM image"}, {".ppm", "a PPM image"}, {".pbm", "a PBM image"}};
    bool text = nh > 0;
    for (size_t i = 0; i < nh && text; i++)
        text = head[i] >= 0x20 ? head[i] != 0x7F : head[i] == '\n' || head[i] == '\r' || head[i] == '\t';
    const char *slash = strrchr(path, '/');
    const char *ext = strrchr(slash ? slash + 1 : path, '.');
    for (size_t i = 0; ext && i < sizeof named / sizeof named[0]; i++)
        if (strcasecmp(ext, named[i].ext) == 0)
            return dc_asprintf("named %s but not %s (%s): save or scan it again as %s", ext, named[i].what,
                               text ? "it holds text" : "its first bytes are of no format dcaccess reads",
                               named[i].what);
    return dc_asprintf(DC_PAGE_NOT_A_SCAN_FMT, text ? "it holds text" : "unknown file format");
}


int scan_probe_file(scan_file *f, const char *path, double max_mp)
{
    memset(f, 0, sizeof *f);
    f->path = dc_strdup(path);
    f->npages = 1;
    f->kind = SCAN_KIND_BAD;
    if (!f->path)
        return DC_ERR_NOMEM;
    struct stat st;
    if (stat(path, &st) != 0) {
        f->bad_reason = dc_asprintf("cannot read file: %s", strerror(errno));
        return 0;
    }
    if (!S_ISREG(st.st_mode)) {
        f->bad_reason = dc_strdup("not a regular file");
        return 0;
    }
    if (st.st_size == 0) {   /* no content to know it by: kept by its path (two empty files are not one) */
        f->bad_reason = dc_strdup("empty file");
        return 0;
    }
    if (dc_sha256_file_hex(path, f->sha256) != 0) {
        f->bad_reason = dc_asprintf("cannot read file: %s", dc_error_detail());
        return 0;
    }
    unsigned char head[34] = {0};   /* up to a BMP's compression field */
    FILE *fp = fopen(path, "rb");
    size_t nh = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp)
        fclose(fp);
    unsigned char tail[1024];
    size_t nt;

    if (nh >= 5 && memcmp(head, "%PDF-", 5) == 0) {
        double wpt, hpt;
        const int info = pdf_info(path, 0, &f->npages, &wpt, &hpt);
        if (info == -2) {   /* every PDF was said to be corrupt or encrypted */
            f->npages = 1;
            f->tool_failed = true;
            f->bad_reason = dc_strdup("cannot run pdfinfo (poppler-utils installed?)");
            return f->bad_reason ? 0 : DC_ERR_NOMEM;
        }
        if (info != 0) {
            f->npages = 1;
            /* its end marker in the last 64 KB: a complete file may be padded after it */
            unsigned char *end = malloc(1 << 16);
            nt = end ? read_tail(path, end, 1 << 16) : 0;
            const bool ended = has_suffix_bytes(end, nt, (const unsigned char *)"%%EOF", 5);
            free(end);
            const long written = ended ? 0 : pdf_pages_written(path);   /* read only for a cut file */
            if (ended)
                f->bad_reason = dc_strdup("unreadable PDF (pdfinfo failed: corrupt or encrypted)");
            else if (written)
                f->bad_reason = dc_asprintf("truncated PDF (the file ends before its end marker: cut short while it "
                                            "was saved or copied; it had %ld page%s: copy or scan it again)",
                                            written, written == 1 ? "" : "s");
            else
                f->bad_reason = dc_strdup("truncated PDF (the file ends before its end marker: cut short while it was "
                                          "saved or copied; copy or scan it again)");
            return 0;
        }
        /* pages are rasterised at DC_SCAN_PDF_DPI: refuse absurd page sizes before pdftoppm allocates them */
        if (wpt > 0 && hpt > 0 &&
            check_dims(f, (int)(wpt / 72 * DC_SCAN_PDF_DPI), (int)(hpt / 72 * DC_SCAN_PDF_DPI), max_mp) != 0) {
            free(f->bad_reason);
            f->bad_reason = dc_asprintf("PDF page of absurd size: %.0f x %.0f pt (limit %.0f megapixels at %d dpi)",
                                        wpt, hpt, max_mp, DC_SCAN_PDF_DPI);
            f->npages = 1;
            return 0;
        }
        f->kind = SCAN_KIND_PDF;
        return 0;
    }
    bool tiff = nh >= 4 && (memcmp(head, "II*\0", 4) == 0 || memcmp(head, "MM\0*", 4) == 0);
    bool png = nh >= 8 && memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0;
    bool jpeg = nh >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;
    bool pnm = nh >= 2 && head[0] == 'P' && head[1] >= '1' && head[1] <= '6';
    bool bmp = nh >= 14 && head[0] == 'B' && head[1] == 'M';   /* Leptonica reads it itself */
    if (bmp && (long long)(head[2] | head[3] << 8 | head[4] << 16 | (unsigned long)head[5] << 24) > (long long)st.st_size) {
        f->bad_reason = dc_strdup("truncated BMP (shorter than its header says)");
        return 0;
    }
    /* Leptonica reads uncompressed BMP only; a run-length one (ImageMagick's default for 8 bits)
     * was "corrupt image (unreadable header)", which it is not */
    const unsigned long bmp_compression = nh >= 34 ? (unsigned long)head[30] | (unsigned long)head[31] << 8 |
                                                         (unsigned long)head[32] << 16 | (unsigned long)head[33] << 24
                                                   : 0;
    if (bmp && (bmp_compression == 1 || bmp_compression == 2)) {
        f->bad_reason = dc_strdup("run-length compressed BMP, which dcaccess does not read: save the scan as PNG, TIFF "
                                  "or an uncompressed BMP");
        return 0;
    }
    if (!tiff && !png && !jpeg && !pnm && !bmp) {
        f->bad_reason = unknown_format_reason(path, head, nh);
        return f->bad_reason ? 0 : DC_ERR_NOMEM;
    }
    if (png) {
        nt = read_tail(path, tail, 64);
        if (!has_suffix_bytes(tail, nt, (const unsigned char *)"IEND", 4)) {
            f->bad_reason = dc_strdup("truncated PNG (no IEND chunk)");
            return 0;
        }
    }
    if (jpeg) {
        nt = read_tail(path, tail, sizeof tail);
        if (!has_suffix_bytes(tail, nt, (const unsigned char *)"\xFF\xD9", 2)) {
            f->bad_reason = dc_strdup("truncated JPEG (no end-of-image marker)");
            return 0;
        }
    }
    if (tiff) {
        FILE *tf = fopen(path, "rb");
        l_int32 n = 0;
        if (!tf || tiffGetCount(tf, &n) != 0 || n < 1) {
            /* the header's offset of the first page directory: past the end, the file was cut off
             * (a scanner writes the directory after the image data) */
            unsigned char h[8] = {0};
            unsigned long long ifd = 0;
            struct stat tst;
            if (tf && fseek(tf, 0, SEEK_SET) == 0 && fread(h, 1, 8, tf) == 8 && fstat(fileno(tf), &tst) == 0)
                ifd = h[0] == 'I' ? h[4] | (unsigned)h[5] << 8 | (unsigned)h[6] << 16 | (unsigned long long)h[7] << 24
                                  : (unsigned long long)h[4] << 24 | (unsigned)h[5] << 16 | (unsigned)h[6] << 8 | h[7];
            if (ifd && ifd + 2 > (unsigned long long)tst.st_size)
                f->bad_reason = dc_asprintf("truncated TIFF (the file ends at byte %lld, before its page directory at "
                                            "byte %llu): copy or scan it again", (long long)tst.st_size, ifd);
            else
                f->bad_reason = dc_strdup("corrupt TIFF (no readable page directory): scan it again");
            if (tf)
                fclose(tf);
            return 0;
        }
        fclose(tf);
        f->npages = n;
        int whole = 0;
        bool cut = false;
        if (tiff_chain(path, &whole, &cut) == 0 && cut && whole >= 1) {
            /* every whole page is read; the one the file ends before is rejected by name */
            f->npages = whole + 1;
            f->cut_page = whole + 1;
        }
        f->kind = SCAN_KIND_TIFF;
        return 0; /* dimensions are checked per page */
    }
    l_int32 format, w = 0, h = 0, bps, spp, iscmap;
    if (jpeg) { /* libjpeg through Leptonica would print its complaint */
        char *why = NULL;
        if (scan_jpeg_size(path, &w, &h, &why) != 0) {
            f->bad_reason = why ? why : dc_strdup("corrupt JPEG (unreadable header)");
            return 0;
        }
    } else if (pixReadHeader(path, &format, &w, &h, &bps, &spp, &iscmap) != 0) {
        f->bad_reason = dc_strdup("corrupt image (unreadable header)");
        return 0;
    }
    if (check_dims(f, w, h, max_mp) != 0)
        return 0;
    f->kind = png ? SCAN_KIND_PNG : jpeg ? SCAN_KIND_JPEG : SCAN_KIND_IMAGE;
    return 0;
}

void scan_file_clear(scan_file *f)
{
    if (!f)
        return;
    free(f->path);
    free(f->bad_reason);
    memset(f, 0, sizeof *f);
}

/* ---- loading ---- */

PIX *scan_to_grey(PIX *pix)
{
    PIX *p = NULL;
    if (pixGetColormap(pix))
        p = pixRemoveColormap(pix, REMOVE_CMAP_TO_GRAYSCALE);
    else
        p = pixClone(pix);
    if (!p)
        return NULL;
    PIX *g;
    switch (pixGetDepth(p)) {
    case 8:
        g = pixClone(p);
        break;
    case 32:
        g = pixConvertRGBToLuminance(p);
        break;
    case 16:
        g = pixConvert16To8(p, L_MS_BYTE);
        break;
    default:
        g = pixConvertTo8(p, 0);
        break;
    }
    pixDestroy(&p);
    if (g && pixGetColormap(g)) {
        PIX *t = pixRemoveColormap(g, REMOVE_CMAP_TO_GRAYSCALE);
        pixDestroy(&g);
        g = t;
    }
    return g;
}

/* Reads the binary 8-bit PGM that pdftoppm writes ("P5", maxval 255) in one piece; other files and
 * variants through Leptonica (whose PNM reader takes a library call per pixel). NULL when
 * unreadable. */
static PIX *read_pgm(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    int w = 0, h = 0, maxval = 0;
    char magic[3] = "";
    PIX *pix = NULL;
    if (fscanf(fp, "%2s %d %d %d", magic, &w, &h, &maxval) == 4 && strcmp(magic, "P5") == 0 && maxval == 255 &&
        w > 0 && h > 0 && w <= 100000 && h <= 100000 && fgetc(fp) != EOF && (pix = pixCreate(w, h, 8)) != NULL) {
        l_uint32 *data = pixGetData(pix);
        const int wpl = pixGetWpl(pix);
        for (int y = 0; y < h && pix; y++)
            if (fread(data + (size_t)y * wpl, 1, (size_t)w, fp) != (size_t)w)
                pixDestroy(&pix);
        if (pix)
            pixEndianByteSwap(pix);  /* bytes in file order -> Leptonica's words */
    }
    fclose(fp);
    return pix ? pix : strcmp(magic, "P5") == 0 && maxval == 255 ? NULL : pixRead(path);
}

PIX *scan_load_pdf_page(const char *path, int page, int dpi, double max_mp, char **reason, bool *tool_failed)
{
    *tool_failed = false;
    /* every page's size is checked before pdftoppm allocates it (the probe sees the first page
     * only): a page of 100 x 100 inches took 1.2 GB and was filed as blank */
    int npages = 0;
    double wpt = 0, hpt = 0;
    if (pdf_info(path, page, &npages, &wpt, &hpt) == 0 && wpt > 0 && hpt > 0) {
        scan_file probe = {0};
        if (check_dims(&probe, (int)(wpt / 72 * dpi), (int)(hpt / 72 * dpi), max_mp) != 0) {
            free(probe.bad_reason);
            *reason = dc_asprintf("PDF page of absurd size: %.0f x %.0f pt (limit %.0f megapixels at %d dpi)", wpt,
                                  hpt, max_mp, dpi);
            return NULL;
        }
    }
    char *dir = dc_make_tmpdir("dcscan");
    if (!dir) {
        *reason = dc_strdup("cannot create a temporary directory for the PDF page");
        return NULL;
    }
    char *prefix = dc_asprintf("%s/page", dir);
    char *pgm = dc_asprintf("%s/page.pgm", dir);
    char pagestr[16];
    snprintf(pagestr, sizeof pagestr, "%d", page);
    PIX *pix = NULL;
    if (prefix && pgm) {
        char res[16];
        snprintf(res, sizeof res, "%d", dpi);
        char *argv[] = {"pdftoppm", "-r", res, "-gray", "-singlefile", "-f", pagestr, "-l", pagestr,
                        "--", (char *)path, prefix, NULL};
        int st = run_tool(argv, NULL);
        if (st == 0)
            pix = read_pgm(pgm);
        scan_file got = {0};
        if (pix && check_dims(&got, pixGetWidth(pix), pixGetHeight(pix), max_mp) != 0) {
            /* pdftoppm gives a 1 x 1 image, and exit 0, for a page it cannot allocate */
            pixDestroy(&pix);
            *reason = dc_asprintf("unreadable PDF page (%s)", got.bad_reason ? got.bad_reason : "no image");
            free(got.bad_reason);
        } else if (!pix) {
            /* a pdftoppm killed (by the kernel's out-of-memory killer on a loaded machine) was said
             * to be missing */
            *tool_failed = st == -1 || st > 128;
            *reason = st == -1  ? dc_strdup("cannot run pdftoppm (poppler-utils installed?)")
                      : st > 128 ? dc_asprintf("pdftoppm was stopped by signal %d (%s)", st - 128, strsignal(st - 128))
                                 : dc_asprintf("unreadable PDF page (pdftoppm exit status %d)", st);
        }
        unlink(pgm);
    }
    rmdir(dir);
    free(prefix);
    free(pgm);
    free(dir);
    return pix;
}

int scan_load_page(PIX **out, char **reason, const scan_file *f, int page, double max_mp)
{
    *out = NULL;
    *reason = NULL;
    PIX *pix = NULL;
    int code = DC_ERR_IMAGE;
    switch (f->kind) {
    case SCAN_KIND_BAD:
        *reason = dc_strdup(f->bad_reason ? f->bad_reason : "unreadable");
        return DC_ERR_IMAGE;
    case SCAN_KIND_PDF:
        bool tool_failed;
        pix = scan_load_pdf_page(f->path, page, DC_SCAN_PDF_DPI, max_mp, reason, &tool_failed);
        code = DC_ERR_PDF_INPUT;
        break;
    case SCAN_KIND_TIFF: {
        if (page == f->cut_page) {
            *reason = dc_asprintf("truncated TIFF (the file ends before page %d's directory; scan the stack again)", page);
            return DC_ERR_IMAGE;
        }
        l_int32 w = 0, h = 0, bps, spp, res, cmap, fmt;
        if (readHeaderTiff(f->path, page - 1, &w, &h, &bps, &spp, &res, &cmap, &fmt) != 0) {
            *reason = dc_strdup("corrupt TIFF page (unreadable header)");
            return DC_ERR_IMAGE;
        }
        scan_file tmp = {0};
        if (check_dims(&tmp, w, h, max_mp) != 0) {
            *reason = tmp.bad_reason;
            return DC_ERR_IMAGE;
        }
        pix = pixReadTiff(f->path, page - 1);
        if (!pix)
            *reason = dc_strdup("corrupt or truncated TIFF page");
        break;
    }
    case SCAN_KIND_PNG:
    case SCAN_KIND_JPEG:
        pix = f->kind == SCAN_KIND_PNG ? scan_read_png(f->path, reason) : scan_read_jpeg(f->path, reason);
        if (!pix && !*reason)
            *reason = dc_strdup("out of memory reading the image");
        if (pix) {
            *out = pix; /* already grey */
            return 0;
        }
        break;
    case SCAN_KIND_IMAGE:
        pix = pixRead(f->path);
        if (!pix)
            *reason = dc_strdup("corrupt or truncated image");
        break;
    }
    if (!pix) {
        if (!*reason)
            *reason = dc_strdup("unreadable page");
        return code;
    }
    PIX *g = scan_to_grey(pix);
    pixDestroy(&pix);
    if (!g) {
        *reason = dc_strdup("unsupported image depth");
        return DC_ERR_IMAGE;
    }
    *out = g;
    return 0;
}
