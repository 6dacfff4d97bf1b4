// The test-only stderr pause (stderr_pause.c). It has no API: tests load the library with LD_PRELOAD
// and it interposes write(2); this header exists because SwiftPM C targets declare one.
#ifndef AEROVAULT_CSTDERRPAUSE_H
#define AEROVAULT_CSTDERRPAUSE_H
#endif
