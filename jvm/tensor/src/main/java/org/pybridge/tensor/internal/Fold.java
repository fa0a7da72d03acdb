package org.pybridge.tensor.internal;

/**
 * The accumulation behind each reduction: what is added up and how two partial results combine.
 * Several public reductions share one fold (MEAN is SUM then a division, STD is SUM_SQ_DEV then
 * a square root).
 */
enum Fold {
    SUM, PROD, MAX, MIN, SUM_ABS, SUM_SQ,
    /** Sum of squared deviations from a per-output centre (the mean), for VAR and STD. */
    SUM_SQ_DEV,
    ANY, ALL;

    /** The value an empty fold starts from. */
    double identity() {
        switch (this) {
            case PROD:
            case ALL:
                return 1.0;
            case MAX:
                return Double.NEGATIVE_INFINITY;
            case MIN:
                return Double.POSITIVE_INFINITY;
            default:
                return 0.0;
        }
    }

    /** Integer identity (MAX/MIN start from the extreme longs). */
    long identityLong() {
        switch (this) {
            case PROD:
            case ALL:
                return 1L;
            case MAX:
                return Long.MIN_VALUE;
            case MIN:
                return Long.MAX_VALUE;
            default:
                return 0L;
        }
    }

    /** Combines two partial results; MAX/MIN propagate NaN like numpy. */
    double combine(double a, double b) {
        switch (this) {
            case PROD:
                return a * b;
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            case ANY:
                return a != 0 || b != 0 ? 1.0 : 0.0;
            case ALL:
                return a != 0 && b != 0 ? 1.0 : 0.0;
            default:
                return a + b;
        }
    }

    long combine(long a, long b) {
        switch (this) {
            case PROD:
                return a * b;
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            case ANY:
                return a != 0 || b != 0 ? 1L : 0L;
            case ALL:
                return a != 0 && b != 0 ? 1L : 0L;
            default:
                return a + b;
        }
    }
}
