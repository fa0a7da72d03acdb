/*
 * How fast one core, and both cores at once, can read a float32 buffer that is already in the
 * caches: the floor under single-example inference, whose 784x1000 product must read its
 * 3.1 MB weight matrix on every call. Each thread sums its own buffer (eight independent AVX
 * accumulators, so the adds never wait on each other) and keeps its best pass.
 *
 *   gcc -O3 -mavx2 -pthread -o /tmp/stream_bandwidth benchmarks/probes/stream_bandwidth.c
 *   /tmp/stream_bandwidth
 */
#define _GNU_SOURCE
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    long floats;
    int passes;
    double best_us;
    float sink;
} Job;

static pthread_barrier_t start;

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void *run(void *arg) {
    Job *job = arg;
    long n = job->floats;
    float *a = aligned_alloc(64, (size_t)n * sizeof(float));
    for (long i = 0; i < n; i++) {
        a[i] = 1.0f;
    }
    __m256 s[8];
    for (int j = 0; j < 8; j++) {
        s[j] = _mm256_setzero_ps();
    }
    pthread_barrier_wait(&start);
    job->best_us = 1e30;
    for (int p = 0; p < job->passes; p++) {
        double t0 = now_us();
        for (long i = 0; i < n; i += 64) {
            for (int j = 0; j < 8; j++) {
                s[j] = _mm256_add_ps(s[j], _mm256_load_ps(a + i + 8 * j));
            }
        }
        double t = now_us() - t0;
        job->best_us = t < job->best_us ? t : job->best_us;
    }
    for (int j = 1; j < 8; j++) {  /* every accumulator is used, so every load stays */
        s[0] = _mm256_add_ps(s[0], s[j]);
    }
    float out[8];
    _mm256_storeu_ps(out, s[0]);
    job->sink = out[0];
    free(a);
    return NULL;
}

static void measure(int threads, long kib) {
    pthread_t t[2];
    Job jobs[2];
    pthread_barrier_init(&start, NULL, (unsigned)threads);
    for (int i = 0; i < threads; i++) {
        jobs[i] = (Job){kib * 256, (int)(40000000 / (kib * 256)) + 20, 0, 0};
        pthread_create(&t[i], NULL, run, &jobs[i]);
    }
    double worst = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        worst = jobs[i].best_us > worst ? jobs[i].best_us : worst;
    }
    pthread_barrier_destroy(&start);
    printf("%d thread(s) x %5ld KiB: %7.1f us per pass, %6.1f GB/s per thread\n", threads, kib,
           worst, kib * 1024.0 / worst / 1e3);
}

int main(void) {
    long sizes[] = {256, 512, 784, 1024, 1568, 3136, 8192};
    for (int threads = 1; threads <= 2; threads++) {
        for (int i = 0; i < (int)(sizeof sizes / sizeof sizes[0]); i++) {
            measure(threads, sizes[i]);
        }
    }
    return 0;
}
