/* The Gram product and the symmetric eigenvalue routines the analysis calls, timed alone on one
 * core, outside Swift: what LAPACK itself costs, and which call is fastest here.
 *
 *   cc -O2 scripts/bench/lapack_eigen.c -o /tmp/lapack_eigen -lopenblas -llapacke -lm
 *   /tmp/lapack_eigen 4096 11008     # order k = 4096, depth K = 11008 (a LLaMA-7B MLP matrix)
 *
 * A seeded k×K matrix W of uniform values; G = W·Wᵀ by ?syrk (row-major, upper triangle, as the
 * analysis computes it), then the eigenvalues of G (jobz = 'N') by each variant:
 *   row-major 'U'   LAPACKE transposes G into a column-major copy and back (what the analysis did)
 *   column-major 'L' the same storage read as the lower triangle of the same matrix, in place
 *                    (what the analysis does now)
 * for ?syevd (one-stage tridiagonalisation) and ?syevd_2stage, in double and single precision.
 * Prints seconds and the largest eigenvalue of each, and the largest difference from the first
 * variant relative to λmax. Flops: Gram k²K, tridiagonalisation 4k³/3.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>
#include <lapacke.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s ORDER DEPTH\n", argv[0]); return 2; }
    int k = atoi(argv[1]), depth = atoi(argv[2]);
    if (k < 2 || depth < 1) { fprintf(stderr, "ORDER must be ≥ 2 and DEPTH ≥ 1\n"); return 2; }
    openblas_set_num_threads(1);
    size_t kk = (size_t)k * k, kd = (size_t)k * depth;
    double *w = malloc(8 * kd), *g = malloc(8 * kk), *a = malloc(8 * kk), *ev = malloc(8 * (size_t)k), *ref = malloc(8 * (size_t)k);
    float *wf = malloc(4 * kd), *gf = malloc(4 * kk), *af = malloc(4 * kk), *evf = malloc(4 * (size_t)k);
    if (!w || !g || !a || !ev || !ref || !wf || !gf || !af || !evf) { fprintf(stderr, "out of memory\n"); return 1; }
    unsigned long long s = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < kd; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        w[i] = (double)(s >> 11) / 9007199254740992.0 - 0.5;
        wf[i] = (float)w[i];
    }
    double t = now();
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, k, depth, 1, w, depth, 0, g, k);
    double td = now() - t;
    t = now();
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, k, depth, 1, wf, depth, 0, gf, k);
    double ts = now() - t;
    double gflop = (double)k * k * depth / 1e9;
    printf("Gram k=%d K=%d: dsyrk %.2f s (%.1f GFLOP/s), ssyrk %.2f s (%.1f GFLOP/s)\n", k, depth, td, gflop / td, ts, gflop / ts);
    printf("tridiagonalisation: %.0f GFLOP\n", 4.0 * k * k * (double)k / 3e9);
    const char *names[] = {"dsyevd row-major U", "dsyevd_2stage row-major U", "dsyevd col-major L", "dsyevd_2stage col-major L",
                           "ssyevd row-major U", "ssyevd_2stage row-major U", "ssyevd col-major L", "ssyevd_2stage col-major L"};
    for (int m = 0; m < 8; m++) {
        int single = m >= 4, col = (m % 4) >= 2, two = m % 2;
        int layout = col ? LAPACK_COL_MAJOR : LAPACK_ROW_MAJOR;
        char uplo = col ? 'L' : 'U';
        int info;
        if (single) memcpy(af, gf, 4 * kk); else memcpy(a, g, 8 * kk);
        t = now();
        if (single) info = two ? LAPACKE_ssyevd_2stage(layout, 'N', uplo, k, af, k, evf) : LAPACKE_ssyevd(layout, 'N', uplo, k, af, k, evf);
        else info = two ? LAPACKE_dsyevd_2stage(layout, 'N', uplo, k, a, k, ev) : LAPACKE_dsyevd(layout, 'N', uplo, k, a, k, ev);
        double dt = now() - t;
        if (single) for (int i = 0; i < k; i++) ev[i] = evf[i];
        if (m == 0) memcpy(ref, ev, 8 * (size_t)k);
        double worst = 0;
        for (int i = 0; i < k; i++) worst = fmax(worst, fabs(ev[i] - ref[i]));
        printf("%-28s %6.2f s  info %d  λmax %.9g  max|Δλ|/λmax %.1e\n", names[m], dt, info, ev[k - 1], worst / ref[k - 1]);
    }
    return 0;
}
