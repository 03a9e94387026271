/* Replays fuzz corpus files through LLVMFuzzerTestOneInput without libFuzzer, so every
 * `make check` runs the inputs that once found bugs. Usage: replay FILE... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (fp == NULL) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0;
        uint8_t *data = malloc(cap);
        size_t n;
        while (data != NULL && (n = fread(data + len, 1, cap - len, fp)) > 0) {
            len += n;
            if (len == cap) {
                cap *= 2;
                data = realloc(data, cap);
            }
        }
        fclose(fp);
        if (data == NULL)
            return 1;
        LLVMFuzzerTestOneInput(data, len);
        free(data);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
