// A test-only LD_PRELOAD library: after every successful write(2) to standard error it sleeps for
// AEROVAULT_TEST_STDERR_PAUSE_MS milliseconds (1 to 10000), so a crash test can SIGKILL a child right
// after a given progress line (AeroVaultCLITests' ManagePruneKillTests). Nothing shipped links it:
// the pause lives here, not in the `aerovault` executable.
#define _GNU_SOURCE
#include "CStderrPause.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

typedef ssize_t (*write_function)(int, const void *, size_t);

static long pause_milliseconds(void) {
    const char *text = getenv("AEROVAULT_TEST_STDERR_PAUSE_MS");
    if (text == NULL) return 0;
    long value = strtol(text, NULL, 10);
    return value > 0 && value <= 10000 ? value : 0;
}

ssize_t write(int fd, const void *buffer, size_t count) {
    // Every thread resolves the same address, so a racing first call is harmless.
    static write_function real_write;
    if (real_write == NULL) real_write = (write_function)dlsym(RTLD_NEXT, "write");
    ssize_t written = real_write(fd, buffer, count);
    long pause = fd == STDERR_FILENO && written > 0 ? pause_milliseconds() : 0;
    if (pause > 0) {
        struct timespec interval = {pause / 1000, (pause % 1000) * 1000000L};
        while (nanosleep(&interval, &interval) != 0) {}
    }
    return written;
}
