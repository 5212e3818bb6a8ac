// An LD_PRELOAD shim (Linux, glibc) that counts heap allocations and prints the totals at exit:
// used by count.sh to measure allocations per sampled token. Not part of Kelvin.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

static atomic_long calls, bytes;
static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);

// dlsym itself may call calloc before real_calloc is known: serve that from a static pool.
static char pool[65536];
static size_t pool_used;

static void note(size_t n) {
  atomic_fetch_add(&calls, 1);
  atomic_fetch_add(&bytes, (long)n);
}

void *malloc(size_t n) {
  if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc");
  note(n);
  return real_malloc(n);
}

void *calloc(size_t count, size_t size) {
  if (!real_calloc) {
    void *p = pool + pool_used;
    pool_used += (count * size + 15) & ~(size_t)15;
    return p;
  }
  note(count * size);
  return real_calloc(count, size);
}

void *realloc(void *p, size_t n) {
  if (!real_realloc) real_realloc = dlsym(RTLD_NEXT, "realloc");
  note(n);
  return real_realloc(p, n);
}

int posix_memalign(void **p, size_t alignment, size_t n) {
  if (!real_posix_memalign) real_posix_memalign = dlsym(RTLD_NEXT, "posix_memalign");
  note(n);
  return real_posix_memalign(p, alignment, n);
}

__attribute__((constructor)) static void start(void) { real_calloc = dlsym(RTLD_NEXT, "calloc"); }

__attribute__((destructor)) static void finish(void) {
  fprintf(stderr, "allocations %ld bytes %ld\n", (long)calls, (long)bytes);
}
