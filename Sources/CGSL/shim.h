#ifndef WEIGHTLAB_CGSL_SHIM_H
#define WEIGHTLAB_CGSL_SHIM_H

// The only C surface of WeightLab: GSL (random numbers, laws, CDFs, special functions, minimisers),
// CBLAS and LAPACKE from OpenBLAS. GSLKit is the only Swift module that imports it.

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_exp.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_version.h>
// CBLAS prototypes come from GSL's gsl_cblas.h (pulled in by gsl_randist.h); the symbols resolve to
// OpenBLAS, which is linked ahead of GSL's reference CBLAS. OpenBLAS's own cblas.h would redefine
// the same enums, so it is not included.
#include <gsl/gsl_cblas.h>
#include <lapacke.h>

void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

// OpenBLAS's pthreads build starts its worker threads when the library loads, and each then spins
// on sched_yield for about 2^28 cycles (~0.1 s) waiting for work. Its fork handler
// blas_thread_shutdown_ stops them; its next multi-threaded call starts them again. Looked up at
// run time (dlsym with a null handle, glibc's RTLD_DEFAULT), since other builds lack it: -1 then.
#include <dlfcn.h>
static inline int wl_blas_stop_idle_threads(void) {
    int (*stop)(void) = (int (*)(void))dlsym((void *)0, "blas_thread_shutdown_");
    return stop ? stop() : -1;
}

// Swift 6 strict concurrency rejects GSL's mutable global generator descriptors; these accessors
// hand them to Swift as plain function results.
static inline const gsl_rng_type *wl_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *wl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *wl_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *wl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }
static inline const gsl_rng_type *wl_rng_ranlxs0(void) { return gsl_rng_ranlxs0; }
static inline const gsl_rng_type *wl_rng_mrg(void) { return gsl_rng_mrg; }
static inline const gsl_rng_type *wl_rng_ranlux389(void) { return gsl_rng_ranlux389; }

static inline const char *wl_gsl_version(void) { return gsl_version; }

// GSL's 1-D and N-D minimiser descriptors, for the same reason.
static inline const gsl_min_fminimizer_type *wl_min_brent(void) { return gsl_min_fminimizer_brent; }
static inline const gsl_multimin_fminimizer_type *wl_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }
static inline const gsl_root_fsolver_type *wl_root_brent(void) { return gsl_root_fsolver_brent; }

// Raw generator output without going through the type table twice (hot loops).
static inline unsigned long wl_rng_get(const gsl_rng *r) { return r->type->get(r->state); }
static inline double wl_rng_uniform(const gsl_rng *r) { return r->type->get_double(r->state); }

// Full-state seeding (GSLKit's RandomEngine): mirrors of the state structs of GSL 2.x for the
// generators whose whole state WeightLab fills from a 64-bit seed (rng/taus.c, mt.c, gfsr4.c,
// mrg.c). GSLKit compares each mirror's size with gsl_rng_size() and the generator's name before
// using a setter, and otherwise seeds through gsl_rng_set. Words are 32-bit values (31-bit below
// 2^31 − 1 for mrg) that already meet the generator's constraints; each setter then does what
// GSL's own set function does after filling the state.
typedef struct { unsigned long s1, s2, s3; } wl_taus_state;
typedef struct { unsigned long mt[624]; int mti; } wl_mt_state;
typedef struct { int nd; unsigned long ra[16384]; } wl_gfsr4_state;
typedef struct { long x1, x2, x3, x4, x5; } wl_mrg_state;

static inline size_t wl_taus_state_size(void) { return sizeof(wl_taus_state); }
static inline size_t wl_mt_state_size(void) { return sizeof(wl_mt_state); }
static inline size_t wl_gfsr4_state_size(void) { return sizeof(wl_gfsr4_state); }
static inline size_t wl_mrg_state_size(void) { return sizeof(wl_mrg_state); }

// taus2: s1 ≥ 2, s2 ≥ 8, s3 ≥ 16, then six warm-up steps as taus2_set.
static inline void wl_taus2_set_state(gsl_rng *r, const unsigned long *w) {
    wl_taus_state *s = (wl_taus_state *)gsl_rng_state(r);
    s->s1 = w[0]; s->s2 = w[1]; s->s3 = w[2];
    for (int i = 0; i < 6; i++) (void)r->type->get(r->state);
}

// mt19937: 624 words (not all zero), mti = 624 so that the first draw regenerates the block, as mt_set.
static inline void wl_mt19937_set_state(gsl_rng *r, const unsigned long *w) {
    wl_mt_state *s = (wl_mt_state *)gsl_rng_state(r);
    for (int i = 0; i < 624; i++) s->mt[i] = w[i];
    s->mti = 624;
}

// gfsr4: 16384 words, then gfsr4_set's "orthogonalisation" of 32 words (diagonal bit on, bits to
// its left off) and nd = 32.
static inline void wl_gfsr4_set_state(gsl_rng *r, const unsigned long *w) {
    wl_gfsr4_state *s = (wl_gfsr4_state *)gsl_rng_state(r);
    for (int i = 0; i < 16384; i++) s->ra[i] = w[i];
    unsigned long msb = 0x80000000UL, mask = 0xffffffffUL;
    int i;
    for (i = 0; i < 32; i++) {
        int k = 7 + i * 3;
        s->ra[k] &= mask;
        s->ra[k] |= msb;
        mask >>= 1;
        msb >>= 1;
    }
    s->nd = i;
}

// mrg: x1…x5 in [0, 2^31 − 1), not all zero, then six warm-up steps as mrg_set.
static inline void wl_mrg_set_state(gsl_rng *r, const unsigned long *w) {
    wl_mrg_state *s = (wl_mrg_state *)gsl_rng_state(r);
    s->x1 = (long)w[0]; s->x2 = (long)w[1]; s->x3 = (long)w[2]; s->x4 = (long)w[3]; s->x5 = (long)w[4];
    for (int i = 0; i < 6; i++) (void)r->type->get(r->state);
}

// Vector math for the analysis's per-value logarithms and exponentials: glibc's libmvec (AVX2, four
// doubles per call, within a few ulp of libm), in place over arrays. The AVX2 loops are compiled for
// that target alone and taken only when the CPU and the OS support it (GSLKit's VectorMath asks
// wl_has_avx2 once); otherwise, and for the last n mod 4 values, libm's scalar functions run.
#include <math.h>
#if defined(__x86_64__)
#include <immintrin.h>
#include <cpuid.h>
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_log(__m256d);
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_log1p(__m256d);
__attribute__((target("avx2,fma"))) __m256d _ZGVdN4v_exp(__m256d);

static inline int wl_has_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;  // the OS saves the xmm and ymm state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & bit_AVX2) != 0;
}

__attribute__((target("avx2,fma"))) static inline void wl_log_avx2(double *x, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(x + i, _ZGVdN4v_log(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) x[i] = log(x[i]);
}
__attribute__((target("avx2,fma"))) static inline void wl_log1p_avx2(double *x, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(x + i, _ZGVdN4v_log1p(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) x[i] = log1p(x[i]);
}
__attribute__((target("avx2,fma"))) static inline void wl_exp_avx2(double *x, long n) {
    long i = 0;
    for (; i + 4 <= n; i += 4) _mm256_storeu_pd(x + i, _ZGVdN4v_exp(_mm256_loadu_pd(x + i)));
    for (; i < n; i++) x[i] = exp(x[i]);
}
#define WL_VECTOR(f) if (vector) { wl_##f##_avx2(x, n); return; }
#else
static inline int wl_has_avx2(void) { return 0; }
#define WL_VECTOR(f)
#endif

// x[i] ← f(x[i]) for i < n; `vector` (from wl_has_avx2) selects the AVX2 loop.
static inline void wl_log_array(double *x, long n, int vector) { WL_VECTOR(log) for (long i = 0; i < n; i++) x[i] = log(x[i]); }
static inline void wl_log1p_array(double *x, long n, int vector) { WL_VECTOR(log1p) for (long i = 0; i < n; i++) x[i] = log1p(x[i]); }
static inline void wl_exp_array(double *x, long n, int vector) { WL_VECTOR(exp) for (long i = 0; i < n; i++) x[i] = exp(x[i]); }
#undef WL_VECTOR

#endif
