/* Early writeback: asks the kernel to start writing a file's dirty pages to disk now, without
 * waiting, so that the fsync that makes a long transaction durable finds little left to write
 * and the disk works while the program computes. */
#ifndef LOCALACTION_WRITEBACK_H
#define LOCALACTION_WRITEBACK_H

/** A descriptor of @path to pass to writeback_start(), or -1 (then writeback_start() does
 * nothing). Close it with writeback_close(). */
int writeback_open(const char *path);

/** Starts writing @fd's dirty pages; returns at once. Does nothing where the system has no
 * such call (it is an optimisation: fsync still decides durability). */
void writeback_start(int fd);

void writeback_close(int fd);

#endif
