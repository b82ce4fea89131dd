// Fortran prototypes of the BLAS and LAPACK routines reval calls.
// Debian's liblapack-dev / libblas-dev use the gfortran ABI: every argument by
// pointer, LP64 integers (int32), trailing hidden string lengths for CHARACTER
// arguments (passed as size_t; all our character arguments have length 1).
// We declare these ourselves instead of using LAPACKE so that only the two
// packages above are needed.
#ifndef REVAL_LAPACK_SHIM_H
#define REVAL_LAPACK_SHIM_H
#include <stddef.h>

typedef int lapack_int;

// BLAS level 2/3
void dgemm_(const char *transa, const char *transb, const lapack_int *m, const lapack_int *n,
            const lapack_int *k, const double *alpha, const double *a, const lapack_int *lda,
            const double *b, const lapack_int *ldb, const double *beta, double *c,
            const lapack_int *ldc, size_t la, size_t lb);
void dgemv_(const char *trans, const lapack_int *m, const lapack_int *n, const double *alpha,
            const double *a, const lapack_int *lda, const double *x, const lapack_int *incx,
            const double *beta, double *y, const lapack_int *incy, size_t lt);
void dsyrk_(const char *uplo, const char *trans, const lapack_int *n, const lapack_int *k,
            const double *alpha, const double *a, const lapack_int *lda, const double *beta,
            double *c, const lapack_int *ldc, size_t lu, size_t lt);

// LAPACK: Cholesky factor, solve, inverse
void dpotrf_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t lu);
void dpotrs_(const char *uplo, const lapack_int *n, const lapack_int *nrhs, const double *a,
             const lapack_int *lda, double *b, const lapack_int *ldb, lapack_int *info, size_t lu);
void dpotri_(const char *uplo, const lapack_int *n, double *a, const lapack_int *lda,
             lapack_int *info, size_t lu);

// LAPACK: Householder QR (used to find aliased columns in the order R does)
void dgeqrf_(const lapack_int *m, const lapack_int *n, double *a, const lapack_int *lda,
             double *tau, double *work, const lapack_int *lwork, lapack_int *info);

// Whether the CPU and the operating system support AVX2 and FMA: what OpenBLAS's Haswell
// kernels need (BLASKernel). CPUID leaf 1 (FMA, AVX, OSXSAVE), XGETBV (the OS saves the YMM
// registers) and leaf 7 (AVX2), as OpenBLAS's own support_avx2() checks them.
#if defined(__x86_64__)
#include <cpuid.h>
static inline int reval_cpu_supports_avx2_fma(void) {
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!((c >> 12) & 1) || !((c >> 27) & 1) || !((c >> 28) & 1)) return 0;
    unsigned int lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (int)((b >> 5) & 1);
}
#else
static inline int reval_cpu_supports_avx2_fma(void) { return 0; }
#endif

#endif
