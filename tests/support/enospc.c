/* enospc: a full disk for end-to-end tests, without mounting anything. Preloaded
 * (LD_PRELOAD=libdc_enospc.so), it lets writes through to files whose path contains
 * $DC_ENOSPC_PATH until $DC_ENOSPC_AFTER bytes have been written to them in all, then fails every
 * further write to them with ENOSPC, as a disk that has just filled up does. It covers write(),
 * pwrite() and pwrite64(), which SQLite's unix VFS calls through the dynamic linker; stdio's
 * internal writes do not pass through here. For stdio, $DC_ENOSPC_CUT=N cuts a watched file to N
 * bytes when it is fflush()ed and makes that fflush fail with ENOSPC, as a full disk would: what
 * did not fit is lost, and a writer that checks fflush learns it (libxlsxwriter writes each part
 * of a workbook to a temporary file this way and does not check). Other files are untouched.
 * $DC_NO_MEMFD=1 makes memfd_create() fail with ENOSYS, as on a system without it, so that the
 * workbook writer's fallback (the zip in a temporary file beside the report) is tested too.
 * Test code only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static long long g_written;

/* Whether fd is a file whose path holds the pattern; errno is kept. */
static int watched(int fd)
{
    const char *pat = getenv("DC_ENOSPC_PATH");
    if (!pat || !*pat)
        return 0;
    int saved = errno;
    char link[64], path[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    errno = saved;
    if (n <= 0)
        return 0;
    path[n] = '\0';
    return strstr(path, pat) != NULL;
}

/* How much of `len` may still be written: all, a part (the disk fills during this write), or 0. */
static size_t room(int fd, size_t len)
{
    if (!watched(fd))
        return len;
    const char *after = getenv("DC_ENOSPC_AFTER");
    long long budget = after ? atoll(after) : 0;
    long long left = budget - g_written;
    if (left <= 0)
        return 0;
    return (long long)len < left ? len : (size_t)left;
}

#define FORWARD(name, ret, args, call_args, fd, len)                          \
    ret name args                                                             \
    {                                                                         \
        static ret(*real) args;                                               \
        if (!real)                                                            \
            *(void **)&real = dlsym(RTLD_NEXT, #name);                        \
        size_t ok = room(fd, len);                                            \
        if (ok == 0 && len > 0) {                                             \
            errno = ENOSPC;                                                   \
            return -1;                                                        \
        }                                                                     \
        len = ok;                                                             \
        ret r = real call_args;                                               \
        if (r > 0 && watched(fd))                                             \
            g_written += r;                                                   \
        return r;                                                             \
    }

FORWARD(write, ssize_t, (int fd, const void *buf, size_t len), (fd, buf, len), fd, len)
FORWARD(pwrite, ssize_t, (int fd, const void *buf, size_t len, off_t off), (fd, buf, len, off), fd, len)
FORWARD(pwrite64, ssize_t, (int fd, const void *buf, size_t len, off64_t off), (fd, buf, len, off), fd, len)

int fflush(FILE *f)
{
    static int (*real)(FILE *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "fflush");
    int r = real(f);
    const char *cut = getenv("DC_ENOSPC_CUT");
    if (!f || !cut || !*cut)
        return r;
    int fd = fileno(f);
    struct stat st;
    long long keep = atoll(cut);
    if (fd < 0 || !watched(fd) || fstat(fd, &st) != 0 || st.st_size <= keep)
        return r;
    if (ftruncate(fd, (off_t)keep) != 0)
        return r;
    errno = ENOSPC;
    return EOF;
}

int memfd_create(const char *name, unsigned int flags)
{
    static int (*real)(const char *, unsigned int);
    const char *off = getenv("DC_NO_MEMFD");
    if (off && strcmp(off, "1") == 0) {
        errno = ENOSYS;
        return -1;
    }
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "memfd_create");
    return real(name, flags);
}
