/* Early writeback through Linux's sync_file_range(); elsewhere a no-op. The pages are whatever
 * the writer already gave the kernel, so writing them early changes nothing about what a crash
 * leaves: durability still comes from the fsync at commit. */
#define _GNU_SOURCE
#include "util/writeback.h"

#include <fcntl.h>
#include <unistd.h>

int
writeback_open(const char *path)
{
    return path != NULL && *path != '\0' ? open(path, O_RDONLY | O_CLOEXEC) : -1;
}

#ifdef SYNC_FILE_RANGE_WRITE
void
writeback_start(int fd)
{
    /* whole file; failures only mean the fsync at commit does all the work */
    if (fd >= 0)
        (void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}
#else
void
writeback_start(int fd)
{
    (void)fd;
}
#endif

void
writeback_close(int fd)
{
    if (fd >= 0)
        close(fd);
}
