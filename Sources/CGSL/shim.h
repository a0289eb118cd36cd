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

#endif
