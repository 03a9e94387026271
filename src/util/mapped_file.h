/* A read-only mapping of a regular file that another program may shorten while it is read.
 * Reading a mapped page past a file's new end raises SIGBUS, which would end the process with
 * "Bus error". Here the pages from there to the end of the mapping read as zero bytes instead,
 * and mapped_file_shrank() says that happened, so the reader can refuse what it read. One
 * mapping at a time per process (the signal handler knows one). */
#ifndef LOCALACTION_MAPPED_FILE_H
#define LOCALACTION_MAPPED_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct mapped_file {
    const char *data; /* the file's bytes */
    size_t len;
    void *mapping; /* the same address, to unmap */
};

/** Maps the first @len bytes (> 0) of the regular file open on @fd into @m, read ahead.
 * ERR_IO when it cannot be mapped (the caller may read the file instead); ERR_CONFLICT when
 * another mapping is open. */
WARN_UNUSED enum err mapped_file_open(struct mapped_file *m, int fd, size_t len);

/** Whether the file was found shorter than @m while it was read (some bytes read as zeros). */
bool mapped_file_shrank(const struct mapped_file *m);

void mapped_file_close(struct mapped_file *m);

#endif
