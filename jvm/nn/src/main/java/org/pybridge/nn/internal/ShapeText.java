package org.pybridge.nn.internal;

/** Shapes as Python and numpy users read them: {@code (784,)}, {@code (3, 4)}, {@code ()}. */
public final class ShapeText {
    private ShapeText() {
    }

    public static String of(long[] shape) {
        if (shape == null) {
            return "(unknown)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /** A batch of examples of this shape, the batch size shown as {@code None} (as Keras). */
    public static String batch(long[] shape) {
        StringBuilder sb = new StringBuilder("(None");
        for (long s : shape) {
            sb.append(", ").append(s);
        }
        return sb.append(")").toString();
    }
}
