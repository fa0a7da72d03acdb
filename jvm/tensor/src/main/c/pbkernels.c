/*
 * pybridge's native kernels (x86-64, AVX2 + FMA), called through JNI: the float32 matrix
 * product and row-times-matrix product of org.pybridge.tensor.internal.NativeGemm, and the
 * updater loops of NativeKernels.
 * Built with -ffp-contract=off: only the explicit fmadd intrinsics fuse, so the updaters compute
 * exactly what their Java loops compute.
 *
 * Row-major C = alpha * op(A) @ op(B) + beta * C, blocked the usual way for caches: op(B) is
 * packed once per (KC x NC) block into panels of NR columns, shared by every thread; each thread
 * packs its own rows of op(A) in (MC x KC) blocks of MR-row panels and runs an MR x NR register
 * kernel over them. The Java side splits rows over its threads and orders the phases (pack B,
 * then compute), so no thread ever waits for another in here.
 *
 * Sharing the packed B is what a split into independent BLAS calls cannot do: there each thread
 * packs all of B for itself, which on two cores cost n = 256..1024 products up to half of the
 * second core's gain.
 */
#include <jni.h>
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MR 6
#define NR 16
#define KC 256
#define MC 120
/* Extra floats after each buffer: vector stores while packing may run 8 floats past a panel. */
#define SLACK 16

#define HOT __attribute__((target("avx2,fma")))
#define EXPORT JNIEXPORT

/* ---------------------------------------------------------------- packing buffers */

/*
 * Packing buffers are pooled process-wide rather than kept per thread, so that a service with
 * hundreds of request threads holds as many buffers as it runs products at once (plus a few
 * cached), not one per thread. A mutex guards the pool: it is taken twice per product phase,
 * uncontended in the common case, against products of tens of microseconds and more.
 */
#define POOL_SLOTS 8

typedef struct {
    float *data;
    size_t floats;
} buffer;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static buffer pool[POOL_SLOTS];
static int pool_size;

/* A 64-byte-aligned buffer of at least `floats` floats (plus slack); NULL when out of memory. */
static float *acquire(size_t floats, size_t *capacity) {
    pthread_mutex_lock(&pool_lock);
    int best = -1;
    for (int i = 0; i < pool_size; i++) {
        if (pool[i].floats >= floats && (best < 0 || pool[i].floats < pool[best].floats)) {
            best = i;
        }
    }
    if (best >= 0) {
        buffer b = pool[best];
        pool[best] = pool[--pool_size];
        pthread_mutex_unlock(&pool_lock);
        *capacity = b.floats;
        return b.data;
    }
    pthread_mutex_unlock(&pool_lock);
    void *p = NULL;
    if (posix_memalign(&p, 64, (floats + SLACK) * sizeof(float)) != 0) {
        return NULL;
    }
    *capacity = floats;
    return (float *) p;
}

/* Returns a buffer to the pool; when the pool is full, the smallest buffer goes back to the OS. */
static void release(float *data, size_t floats) {
    if (data == NULL) {
        return;
    }
    pthread_mutex_lock(&pool_lock);
    if (pool_size < POOL_SLOTS) {
        pool[pool_size].data = data;
        pool[pool_size].floats = floats;
        pool_size++;
        data = NULL;
    } else {
        int smallest = 0;
        for (int i = 1; i < pool_size; i++) {
            if (pool[i].floats < pool[smallest].floats) {
                smallest = i;
            }
        }
        if (pool[smallest].floats < floats) {
            buffer b = pool[smallest];
            pool[smallest].data = data;
            pool[smallest].floats = floats;
            data = b.data;
        }
    }
    pthread_mutex_unlock(&pool_lock);
    free(data);
}

/* ---------------------------------------------------------------- packing */

/* 8 x 8 transpose of r[0..7] in place. */
HOT static inline void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]);
    __m256 t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]);
    __m256 t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]);
    __m256 t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]);
    __m256 t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44);
    __m256 s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44);
    __m256 s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44);
    __m256 s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44);
    __m256 s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/*
 * Packs `rows` (<= width) lines of a matrix that run along k, line r starting at src + r * ld,
 * into dst[k * stride + r] for k < kc, zero-filling lines rows..width-1: the transposing copy,
 * for op(A) without a transpose (width = stride = MR) and op(B) with one (two halves of width 8
 * in a stride of NR). Eight lines at a time go through an 8 x 8 register transpose; with six,
 * each store writes two extra floats that the next k's store (or the buffer's slack) takes.
 */
HOT static void pack_lines(const float *src, long ld, int rows, int kc, int stride, int width,
        float *dst) {
    int k = 0;
    if ((rows == 8 && width == 8) || (rows == 6 && width == 6 && stride == 6)) {
        for (; k + 8 <= kc; k += 8) {
            __m256 r[8];
            for (int i = 0; i < 8; i++) {
                r[i] = i < rows ? _mm256_loadu_ps(src + i * ld + k) : _mm256_setzero_ps();
            }
            transpose8(r);
            for (int j = 0; j < 8; j++) {
                _mm256_storeu_ps(dst + (long) (k + j) * stride, r[j]);
            }
        }
    }
    for (; k < kc; k++) {
        float *d = dst + (long) k * stride;
        int r = 0;
        for (; r < rows; r++) {
            d[r] = src[r * ld + k];
        }
        for (; r < width; r++) {
            d[r] = 0.0f;
        }
    }
}

/* Packs `cols` (<= w) contiguous values per k, src + k * ld, into dst[k * w + c], zero-filled. */
static void pack_runs(const float *src, long ld, int cols, int kc, int w, float *dst) {
    for (int k = 0; k < kc; k++) {
        const float *s = src + (long) k * ld;
        float *d = dst + (long) k * w;
        int c = 0;
        for (; c < cols; c++) {
            d[c] = s[c];
        }
        for (; c < w; c++) {
            d[c] = 0.0f;
        }
    }
}

/* Packs NR-column panels [p0, p1) of op(B)[k0 : k0 + kc, j0 : j0 + nc] into dst. */
static void pack_b(int tb, const float *b, long ldb, int k0, int kc, int j0, int nc, int p0,
        int p1, float *dst) {
    for (int p = p0; p < p1; p++) {
        int j = j0 + p * NR;
        int cols = nc - p * NR < NR ? nc - p * NR : NR;
        float *d = dst + (long) p * NR * kc;
        if (tb) {
            /* op(B)(k, j) = b[j * ldb + k]: B's rows, transposed 8 at a time */
            const float *s = b + (long) j * ldb + k0;
            pack_lines(s, ldb, cols < 8 ? cols : 8, kc, NR, 8, d);
            pack_lines(s + 8 * ldb, ldb, cols > 8 ? cols - 8 : 0, kc, NR, 8, d + 8);
        } else {
            pack_runs(b + (long) k0 * ldb + j, ldb, cols, kc, NR, d);
        }
    }
}

/* Packs rows [i0, i0 + mc) of op(A)[:, k0 : k0 + kc] into MR-row panels. */
static void pack_a(int ta, const float *a, long lda, int i0, int mc, int k0, int kc,
        float *dst) {
    for (int i = 0; i < mc; i += MR) {
        int rows = mc - i < MR ? mc - i : MR;
        float *d = dst + (long) i * kc;
        if (ta) {
            /* op(A)(i, k) = a[k * lda + i] */
            pack_runs(a + (long) k0 * lda + i0 + i, lda, rows, kc, MR, d);
        } else {
            pack_lines(a + (long) (i0 + i) * lda + k0, lda, rows, kc, MR, MR, d);
        }
    }
}

/* ---------------------------------------------------------------- register kernel */

HOT static inline void store_row(float *c, __m256 lo, __m256 hi, __m256 alpha, float beta) {
    if (beta == 0.0f) {
        _mm256_storeu_ps(c, _mm256_mul_ps(alpha, lo));
        _mm256_storeu_ps(c + 8, _mm256_mul_ps(alpha, hi));
    } else if (beta == 1.0f) {
        _mm256_storeu_ps(c, _mm256_fmadd_ps(alpha, lo, _mm256_loadu_ps(c)));
        _mm256_storeu_ps(c + 8, _mm256_fmadd_ps(alpha, hi, _mm256_loadu_ps(c + 8)));
    } else {
        __m256 vb = _mm256_set1_ps(beta);
        _mm256_storeu_ps(c, _mm256_fmadd_ps(alpha, lo, _mm256_mul_ps(vb, _mm256_loadu_ps(c))));
        _mm256_storeu_ps(c + 8,
                _mm256_fmadd_ps(alpha, hi, _mm256_mul_ps(vb, _mm256_loadu_ps(c + 8))));
    }
}

/*
 * C[0 : mr, 0 : nr] = alpha * (pa @ pb) + beta * C over one MR-row panel of A and one NR-column
 * panel of B, both packed k-major. Twelve accumulators hold the 6 x 16 tile.
 */
HOT static void kernel(int kc, const float *restrict pa, const float *restrict pb, float *c,
        long ldc, int mr, int nr, float alpha, float beta) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (int r = 0; r < mr; r++) {
        _mm_prefetch((const char *) (c + r * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *) (c + r * ldc + 15), _MM_HINT_T0);
    }
#pragma GCC unroll 4
    for (int k = 0; k < kc; k++) {
        __m256 b0 = _mm256_load_ps(pb);
        __m256 b1 = _mm256_load_ps(pb + 8);
        /* row r of the tile gains A(r, k) times the 16 values of B's row k */
#define PB_ROW(r, lo, hi)                                   \
    do {                                                    \
        __m256 x = _mm256_broadcast_ss(pa + (r));           \
        lo = _mm256_fmadd_ps(x, b0, lo);                    \
        hi = _mm256_fmadd_ps(x, b1, hi);                    \
    } while (0)
        PB_ROW(0, c00, c01);
        PB_ROW(1, c10, c11);
        PB_ROW(2, c20, c21);
        PB_ROW(3, c30, c31);
        PB_ROW(4, c40, c41);
        PB_ROW(5, c50, c51);
#undef PB_ROW
        pa += MR;
        pb += NR;
    }
    __m256 va = _mm256_set1_ps(alpha);
    if (mr == MR && nr == NR) {
        store_row(c, c00, c01, va, beta);
        store_row(c + ldc, c10, c11, va, beta);
        store_row(c + 2 * ldc, c20, c21, va, beta);
        store_row(c + 3 * ldc, c30, c31, va, beta);
        store_row(c + 4 * ldc, c40, c41, va, beta);
        store_row(c + 5 * ldc, c50, c51, va, beta);
        return;
    }
    /* an edge tile: through a full-size temporary, then only its valid part */
    float t[MR * NR] __attribute__((aligned(32)));
    __m256 acc[12] = {c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51};
    for (int i = 0; i < 12; i++) {
        _mm256_store_ps(t + i * 8, acc[i]);
    }
    /* the same roundings as store_row, so that a value does not depend on its tile */
    for (int r = 0; r < mr; r++) {
        float *cr = c + r * ldc;
        for (int j = 0; j < nr; j++) {
            float v = t[r * NR + j];
            cr[j] = beta == 0.0f ? alpha * v
                    : __builtin_fmaf(alpha, v, beta == 1.0f ? cr[j] : beta * cr[j]);
        }
    }
}

/* ---------------------------------------------------------------- JNI entry points */

EXPORT jboolean JNICALL Java_org_pybridge_tensor_internal_NativeLibrary_supported(JNIEnv *env,
        jclass cls) {
    (void) env;
    (void) cls;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

EXPORT jint JNICALL Java_org_pybridge_tensor_internal_NativeGemm_blockK(JNIEnv *env, jclass cls) {
    (void) env;
    (void) cls;
    return KC;
}

EXPORT jint JNICALL Java_org_pybridge_tensor_internal_NativeGemm_panelWidth(JNIEnv *env,
        jclass cls) {
    (void) env;
    (void) cls;
    return NR;
}

EXPORT jint JNICALL Java_org_pybridge_tensor_internal_NativeGemm_panelHeight(JNIEnv *env,
        jclass cls) {
    (void) env;
    (void) cls;
    return MR;
}

/* A packed-B buffer of at least `floats` floats from the pool (0 when out of memory); the
 * caller hands it back with releaseB(address, floats). */
EXPORT jlong JNICALL Java_org_pybridge_tensor_internal_NativeGemm_acquireB(JNIEnv *env,
        jclass cls, jlong floats) {
    (void) env;
    (void) cls;
    size_t capacity;
    float *p = acquire((size_t) floats, &capacity);
    return (jlong) (intptr_t) p;
}

EXPORT void JNICALL Java_org_pybridge_tensor_internal_NativeGemm_releaseB(JNIEnv *env,
        jclass cls, jlong address, jlong floats) {
    (void) env;
    (void) cls;
    release((float *) (intptr_t) address, (size_t) floats);
}

EXPORT void JNICALL Java_org_pybridge_tensor_internal_NativeGemm_packB(JNIEnv *env, jclass cls,
        jboolean tb, jlong b, jint ldb, jint k0, jint kc, jint j0, jint nc, jint p0, jint p1,
        jlong dst) {
    (void) env;
    (void) cls;
    pack_b(tb, (const float *) (intptr_t) b, ldb, k0, kc, j0, nc, p0, p1,
            (float *) (intptr_t) dst);
}

/*
 * Rows [i0, i1) of C[:, 0 : nc] (c points at column 0 of the block) against the packed block of
 * op(B) (kc x nc). Returns 0, or -1 when the thread's A buffer cannot be allocated.
 */
EXPORT jint JNICALL Java_org_pybridge_tensor_internal_NativeGemm_compute(JNIEnv *env, jclass cls,
        jboolean ta, jlong a, jint lda, jint i0, jint i1, jint k0, jint kc, jint nc, jlong pb,
        jfloat alpha, jfloat beta, jlong c, jint ldc) {
    (void) env;
    (void) cls;
    size_t capacity;
    float *pa = acquire((size_t) MC * KC, &capacity);
    if (pa == NULL) {
        return -1;
    }
    const float *A = (const float *) (intptr_t) a;
    const float *B = (const float *) (intptr_t) pb;
    float *C = (float *) (intptr_t) c;
    for (int ic = i0; ic < i1; ic += MC) {
        int mc = i1 - ic < MC ? i1 - ic : MC;
        pack_a(ta, A, lda, ic, mc, k0, kc, pa);
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = nc - jr < NR ? nc - jr : NR;
            const float *bp = B + (long) jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = mc - ir < MR ? mc - ir : MR;
                kernel(kc, pa + (long) ir * kc, bp, C + (long) (ic + ir) * ldc + jr, ldc, mr, nr,
                        alpha, beta);
            }
        }
    }
    release(pa, capacity);
    return 0;
}

/* ---------------------------------------------------------------- row vector times matrix */

/*
 * out[0 : n) = sum over k in [k0, k1) of x[k * incx] * W[k, 0 : n), W row-major (row stride ldw):
 * the share of rows [k0, k1) in x @ W, the one-example product of inference. W is read row after
 * row, contiguously, four rows per pass over out (which stays in L1): on two cores each thread
 * streams its own half of W, where splitting the columns instead made every thread read half
 * of each row, 2 KB at a time with 2 KB gaps, and ran about 30% slower. The order in which
 * each out[j] is summed depends on k0, k1 and n alone, so the result does not depend on which
 * thread ran a share. Narrow products (n <= 16) keep out in registers instead.
 */
HOT static void weighted_row_sum_narrow(const float *w, long ldw, const float *x, long incx,
        int k0, int k1, int n, float *out);

HOT static void weighted_row_sum(const float *w, long ldw, const float *x, long incx, int k0,
        int k1, int n, float *out) {
    if (n <= 16) {
        weighted_row_sum_narrow(w, ldw, x, incx, k0, k1, n, out);
        return;
    }
    int n8 = n & ~7;
    memset(out, 0, (size_t) n * sizeof(float));
    int k = k0;
    for (; k + 4 <= k1; k += 4) {
        float s0 = x[k * incx], s1 = x[(k + 1) * incx], s2 = x[(k + 2) * incx];
        float s3 = x[(k + 3) * incx];
        __m256 a0 = _mm256_set1_ps(s0), a1 = _mm256_set1_ps(s1);
        __m256 a2 = _mm256_set1_ps(s2), a3 = _mm256_set1_ps(s3);
        const float *r0 = w + (long) k * ldw, *r1 = r0 + ldw, *r2 = r1 + ldw, *r3 = r2 + ldw;
        for (int j = 0; j < n8; j += 8) {
            __m256 acc = _mm256_loadu_ps(out + j);
            acc = _mm256_fmadd_ps(a0, _mm256_loadu_ps(r0 + j), acc);
            acc = _mm256_fmadd_ps(a1, _mm256_loadu_ps(r1 + j), acc);
            acc = _mm256_fmadd_ps(a2, _mm256_loadu_ps(r2 + j), acc);
            acc = _mm256_fmadd_ps(a3, _mm256_loadu_ps(r3 + j), acc);
            _mm256_storeu_ps(out + j, acc);
        }
        for (int j = n8; j < n; j++) {
            out[j] = fmaf(s3, r3[j], fmaf(s2, r2[j], fmaf(s1, r1[j], fmaf(s0, r0[j], out[j]))));
        }
    }
    for (; k < k1; k++) {
        float s0 = x[k * incx];
        __m256 a0 = _mm256_set1_ps(s0);
        const float *r0 = w + (long) k * ldw;
        for (int j = 0; j < n8; j += 8) {
            _mm256_storeu_ps(out + j,
                    _mm256_fmadd_ps(a0, _mm256_loadu_ps(r0 + j), _mm256_loadu_ps(out + j)));
        }
        for (int j = n8; j < n; j++) {
            out[j] = fmaf(s0, r0[j], out[j]);
        }
    }
}

/* The mask selecting the first `count` of 8 lanes (count clamped to 0..8). */
HOT static inline __m256i first_lanes(int count) {
    count = count < 0 ? 0 : count > 8 ? 8 : count;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(count), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

/*
 * weighted_row_sum for n <= 16 (a classifier's output layer): out stays in registers. Row k
 * goes to accumulator set k % 4, so four chains of fused multiply-adds run side by side instead
 * of one chain through memory per row; the sets are added at the end, ((s0 + s1) + (s2 + s3)).
 * A 1000 x 10 product (with the JNI call) went from 2.2 to 1.2 µs. Lanes past n are neither
 * read nor written (masked loads and stores), so the last row may end at a page's end.
 */
HOT static void weighted_row_sum_narrow(const float *w, long ldw, const float *x, long incx,
        int k0, int k1, int n, float *out) {
    __m256i lo = first_lanes(n);
    __m256i hi = first_lanes(n - 8);
    __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    __m256 t0 = s0, t1 = s0, t2 = s0, t3 = s0;
    int k = k0;
    for (; k + 4 <= k1; k += 4) {
        const float *r = w + (long) k * ldw;
        __m256 a0 = _mm256_set1_ps(x[k * incx]), a1 = _mm256_set1_ps(x[(k + 1) * incx]);
        __m256 a2 = _mm256_set1_ps(x[(k + 2) * incx]), a3 = _mm256_set1_ps(x[(k + 3) * incx]);
        s0 = _mm256_fmadd_ps(a0, _mm256_maskload_ps(r, lo), s0);
        s1 = _mm256_fmadd_ps(a1, _mm256_maskload_ps(r + ldw, lo), s1);
        s2 = _mm256_fmadd_ps(a2, _mm256_maskload_ps(r + 2 * ldw, lo), s2);
        s3 = _mm256_fmadd_ps(a3, _mm256_maskload_ps(r + 3 * ldw, lo), s3);
        if (n > 8) {
            t0 = _mm256_fmadd_ps(a0, _mm256_maskload_ps(r + 8, hi), t0);
            t1 = _mm256_fmadd_ps(a1, _mm256_maskload_ps(r + ldw + 8, hi), t1);
            t2 = _mm256_fmadd_ps(a2, _mm256_maskload_ps(r + 2 * ldw + 8, hi), t2);
            t3 = _mm256_fmadd_ps(a3, _mm256_maskload_ps(r + 3 * ldw + 8, hi), t3);
        }
    }
    for (; k < k1; k++) {
        const float *r = w + (long) k * ldw;
        __m256 a = _mm256_set1_ps(x[k * incx]);
        s0 = _mm256_fmadd_ps(a, _mm256_maskload_ps(r, lo), s0);
        if (n > 8) {
            t0 = _mm256_fmadd_ps(a, _mm256_maskload_ps(r + 8, hi), t0);
        }
    }
    _mm256_maskstore_ps(out, lo, _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    if (n > 8) {
        _mm256_maskstore_ps(out + 8, hi,
                _mm256_add_ps(_mm256_add_ps(t0, t1), _mm256_add_ps(t2, t3)));
    }
}

EXPORT void JNICALL Java_org_pybridge_tensor_internal_NativeGemm_weightedRowSum(JNIEnv *env,
        jclass cls, jlong w, jint ldw, jlong x, jint incx, jint k0, jint k1, jint n, jlong out) {
    (void) env;
    (void) cls;
    weighted_row_sum((const float *) (intptr_t) w, ldw, (const float *) (intptr_t) x, incx, k0,
            k1, n, (float *) (intptr_t) out);
}

/* y[j * incy] = alpha * (p0[j] + p1[j]) + beta * y[j * incy] (beta = 0 ignores y, NaN too);
 * then, as a dense layer's separate ops would, y += bias[j] when bias is given and
 * y = max(y, 0) (NaN kept, -0 to +0, like Java's Math.max) when relu is set. */
EXPORT void JNICALL Java_org_pybridge_tensor_internal_NativeGemm_addHalves(JNIEnv *env,
        jclass cls, jlong p0, jlong p1, jint n, jfloat alpha, jfloat beta, jlong y, jint incy,
        jlong bias, jboolean relu) {
    (void) env;
    (void) cls;
    const float *a = (const float *) (intptr_t) p0;
    const float *b = (const float *) (intptr_t) p1;
    const float *c = (const float *) (intptr_t) bias;
    float *out = (float *) (intptr_t) y;
    for (int j = 0; j < n; j++) {
        float v = alpha * (a[j] + b[j]);
        if (beta != 0.0f) {
            v = v + beta * out[(long) j * incy];
        }
        if (c != NULL) {
            v = v + c[j];
        }
        if (relu && !(v > 0.0f) && v == v) {
            v = 0.0f;
        }
        out[(long) j * incy] = v;
    }
}

/* ---------------------------------------------------------------- updaters */

/* Nesterov momentum, the same operations in the same order as Nesterovs.step32 in Java (the
 * library is built with -ffp-contract=off: nothing is fused). */
HOT static void nesterov32(long n, float *restrict p, const float *restrict g, float *restrict v,
        float lr, float mu) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float vi = mu * v[i] + gi;
        v[i] = vi;
        p[i] = p[i] - lr * (gi + mu * vi);
    }
}

EXPORT void JNICALL Java_org_pybridge_tensor_internal_NativeKernels_nesterov32(JNIEnv *env,
        jclass cls, jlong n, jlong p, jlong g, jlong v, jfloat lr, jfloat mu) {
    (void) env;
    (void) cls;
    nesterov32(n, (float *) (intptr_t) p, (const float *) (intptr_t) g, (float *) (intptr_t) v,
            lr, mu);
}

/* Adam, as Adam.step32 in Java: m += c1 (g - m); v = b2 v + c2 g g;
 * p -= step * m / (sqrt(v) * inv_bc2_sqrt + eps). sqrtf is the correctly rounded square root,
 * as Java's (float) Math.sqrt of a float is. */
HOT static void adam32(long n, float *restrict p, const float *restrict g, float *restrict m,
        float *restrict v, float c1, float b2, float c2, float step, float inv_bc2_sqrt,
        float eps) {
    for (long i = 0; i < n; i++) {
        float gi = g[i];
        float mi = m[i];
        mi += c1 * (gi - mi);
        float vi = b2 * v[i] + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        float d = sqrtf(vi) * inv_bc2_sqrt + eps;
        p[i] = p[i] - step * (mi / d);
    }
}

EXPORT void JNICALL Java_org_pybridge_tensor_internal_NativeKernels_adam32(JNIEnv *env,
        jclass cls, jlong n, jlong p, jlong g, jlong m, jlong v, jfloat c1, jfloat b2, jfloat c2,
        jfloat step, jfloat inv_bc2_sqrt, jfloat eps) {
    (void) env;
    (void) cls;
    adam32(n, (float *) (intptr_t) p, (const float *) (intptr_t) g, (float *) (intptr_t) m,
            (float *) (intptr_t) v, c1, b2, c2, step, inv_bc2_sqrt, eps);
}
