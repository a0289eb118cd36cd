/* The hardware-side limits the Performance section compares against, measured on one core:
 *   taus2     raw 32-bit outputs of GSL's taus2 generator per second (gsl_rng_get, summed)
 *   ziggurat  N(0,1) draws per second of GSL's ziggurat on taus2 (gsl_ran_gaussian_ziggurat, summed,
 *             nothing written): the ceiling of a 1-thread Gaussian fill
 *   read      memory read bandwidth: a 512 MiB float buffer summed with 8 accumulators (GB/s)
 * Prints one JSON object. Built and run by scripts/bench-peers (section "limits"):
 *   cc -O2 -o limits limits.c $(pkg-config --cflags --libs gsl)
 */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

static double median3(double a, double b, double c) {
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

int main(void) {
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 1);
    const long draws = 1L << 26;
    double t[3];
    volatile double sink = 0;

    for (int k = 0; k < 3; k++) {
        unsigned long s = 0;
        double t0 = now();
        for (long i = 0; i < draws; i++) s += gsl_rng_get(r);
        t[k] = now() - t0;
        sink += (double)s;
    }
    double taus2 = draws / median3(t[0], t[1], t[2]);

    for (int k = 0; k < 3; k++) {
        double s = 0;
        double t0 = now();
        for (long i = 0; i < draws; i++) s += gsl_ran_gaussian_ziggurat(r, 1.0);
        t[k] = now() - t0;
        sink += s;
    }
    double ziggurat = draws / median3(t[0], t[1], t[2]);

    const size_t n = (size_t)1 << 27; /* 512 MiB of float */
    float *buffer = malloc(n * sizeof(float));
    if (!buffer) return 1;
    for (size_t i = 0; i < n; i++) buffer[i] = (float)(i & 1023);
    for (int k = 0; k < 3; k++) {
        float a[8] = {0};
        double t0 = now();
        for (size_t i = 0; i < n; i += 8)
            for (int j = 0; j < 8; j++) a[j] += buffer[i + j];
        t[k] = now() - t0;
        for (int j = 0; j < 8; j++) sink += a[j];
    }
    double read = n * sizeof(float) / median3(t[0], t[1], t[2]);
    free(buffer);
    gsl_rng_free(r);
    printf("{\"taus2_per_s\": %.6g, \"ziggurat_per_s\": %.6g, \"read_bytes_per_s\": %.6g, \"sink\": %g}\n", taus2, ziggurat, read, sink);
    return 0;
}
