/* interrupt: a Ctrl-C at the worst moment, for end-to-end tests. Preloaded
 * (LD_PRELOAD=libdc_interrupt.so), it raises SIGINT in the process just before a rename() onto a
 * path that contains $DC_INTERRUPT_RENAME, the moment a file written under a temporary name is
 * complete but not yet in place, and then lets the rename go on (if the process is still alive).
 * Other renames are untouched. Test code only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rename(const char *from, const char *to)
{
    static int (*real)(const char *, const char *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "rename");
    const char *pat = getenv("DC_INTERRUPT_RENAME");
    if (pat && *pat && to && strstr(to, pat))
        raise(SIGINT);
    return real(from, to);
}
