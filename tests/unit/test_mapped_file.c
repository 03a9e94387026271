/* Unit tests of util/mapped_file: a mapped file shortened by someone else reads as zeros past
 * its new end, and says so, instead of ending the process with SIGBUS. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/mapped_file.h"

/* A temporary file of @pages pages of 'x', open for reading and writing; unlinked already. */
static int
file_of_pages(size_t pages, size_t page)
{
    char path[] = "/tmp/test_mapped_file_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    char *block = malloc(page);
    assert_non_null(block);
    memset(block, 'x', page);
    for (size_t i = 0; i < pages; i++)
        assert_int_equal(write(fd, block, page), (ssize_t)page);
    free(block);
    return fd;
}

static void
test_whole_file_reads_back(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    int fd = file_of_pages(3, page);
    struct mapped_file m;
    assert_int_equal(mapped_file_open(&m, fd, 3 * page), ERR_OK);
    assert_int_equal(m.len, 3 * page);
    assert_int_equal(m.data[0], 'x');
    assert_int_equal(m.data[3 * page - 1], 'x');
    assert_false(mapped_file_shrank(&m));
    mapped_file_close(&m);
    assert_null(m.data);
    close(fd);
}

static void
test_shortened_file_reads_zeros_and_says_so(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    int fd = file_of_pages(4, page);
    struct mapped_file m;
    assert_int_equal(mapped_file_open(&m, fd, 4 * page), ERR_OK);
    assert_int_equal(ftruncate(fd, (off_t)page), 0);
    /* without the handler, this read would end the test with SIGBUS */
    assert_int_equal(m.data[2 * page + 5], 0);
    assert_true(mapped_file_shrank(&m));
    assert_int_equal(m.data[3 * page], 0);
    assert_int_equal(m.data[page - 1], 'x'); /* what is still in the file reads as before */
    mapped_file_close(&m);

    /* the next mapping starts clean */
    int other = file_of_pages(1, page);
    assert_int_equal(mapped_file_open(&m, other, page), ERR_OK);
    assert_false(mapped_file_shrank(&m));
    mapped_file_close(&m);
    close(other);
    close(fd);
}

static void
test_one_mapping_at_a_time(void **state)
{
    (void)state;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    int fd = file_of_pages(1, page);
    struct mapped_file a, b;
    assert_int_equal(mapped_file_open(&a, fd, page), ERR_OK);
    assert_int_equal(mapped_file_open(&b, fd, page), ERR_CONFLICT);
    assert_null(b.data);
    mapped_file_close(&b); /* closing what failed to open does nothing */
    assert_int_equal(a.data[0], 'x');
    mapped_file_close(&a);
    assert_int_equal(mapped_file_open(&a, fd, 0), ERR_IO);
    close(fd);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_file_reads_back),
        cmocka_unit_test(test_shortened_file_reads_zeros_and_says_so),
        cmocka_unit_test(test_one_mapping_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
