/* The SIGBUS handler replaces the pages from the faulting one to the end of the mapping with
 * anonymous zero pages (mmap is async-signal-safe in practice: one system call) and returns,
 * so the faulting read runs again and sees zeros. A SIGBUS anywhere else gets the action set
 * before, as if this handler were not there. */
#define _GNU_SOURCE
#include "util/mapped_file.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static _Atomic(char *) active_base;
static atomic_size_t active_len;   /* rounded up to whole pages */
static atomic_uintptr_t page_size; /* sysconf() is not async-signal-safe: read it before */
static atomic_bool shrank;
static struct sigaction previous; /* the SIGBUS action before mapped_file_open() */

static void
on_sigbus(int sig, siginfo_t *si, void *context)
{
    (void)context;
    char *base = atomic_load(&active_base);
    size_t len = atomic_load(&active_len);
    char *addr = si->si_addr;
    if (base != NULL && addr >= base && addr < base + len) {
        char *page = (char *)((uintptr_t)addr & ~(atomic_load(&page_size) - 1));
        if (mmap(page, (size_t)(base + len - page), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            atomic_store(&shrank, true);
            return;
        }
    }
    /* the previous action; if it was the default, the fault happens again on return and ends
     * the process */
    sigaction(sig, &previous, NULL);
}

enum err
mapped_file_open(struct mapped_file *m, int fd, size_t len)
{
    memset(m, 0, sizeof(*m));
    if (len == 0)
        return ERR_IO;
    void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED)
        return ERR_IO;
    char *none = NULL;
    if (!atomic_compare_exchange_strong(&active_base, &none, (char *)map)) {
        munmap(map, len);
        return ERR_CONFLICT;
    }
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    atomic_store(&page_size, page);
    atomic_store(&active_len, (len + page - 1) / page * page);
    atomic_store(&shrank, false);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGBUS, &sa, &previous) != 0) {
        atomic_store(&active_base, NULL);
        munmap(map, len);
        return ERR_IO;
    }
    (void)madvise(map, len, MADV_SEQUENTIAL);
    m->data = map;
    m->len = len;
    m->mapping = map;
    return ERR_OK;
}

bool
mapped_file_shrank(const struct mapped_file *m)
{
    return m->data != NULL && atomic_load(&shrank);
}

void
mapped_file_close(struct mapped_file *m)
{
    if (m->data == NULL)
        return;
    atomic_store(&active_base, NULL);
    (void)sigaction(SIGBUS, &previous, NULL);
    munmap(m->mapping, m->len);
    memset(m, 0, sizeof(*m));
}
