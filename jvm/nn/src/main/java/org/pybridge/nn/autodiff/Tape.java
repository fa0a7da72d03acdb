package org.pybridge.nn.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.ReduceOp;
import org.pybridge.tensor.Scope;
import org.pybridge.tensor.ShapeException;

/**
 * Records differentiable operations for reverse-mode automatic differentiation, and owns every
 * array those operations create.
 *
 * <p>While a tape is open on a thread, each op ({@link MathOps}, {@link ReduceOps},
 * {@link ShapeOps}, {@link NNOps}) that has an input requiring a gradient records a node: its
 * inputs, its output and its backward rule, written beside the forward in the op's method.
 * {@link #backward} walks the nodes in reverse, summing gradients over broadcast axes back to each
 * input's shape. With no tape open nothing is recorded (inference mode) and each op result owns
 * its value.
 *
 * <p>Memory: op outputs, the arrays rules saved and the gradients all belong to the tape and are
 * closed by {@link #close()}. Keep what you need past the tape with {@link #keep(Variable)} and
 * {@link #keepGradient(Variable)}.
 *
 * <pre>{@code
 * try (Tape tape = Tape.open()) {
 *     Variable y = MathOps.tanh(MathOps.matmul(x, w));
 *     Variable loss = ReduceOps.mean(MathOps.square(y));
 *     tape.backward(loss);
 *     updater.apply(w.value(), w.grad());     // while the tape is open
 * }
 * }</pre>
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> CURRENT = new ThreadLocal<>();

    private final Tape parent;
    private final List<Node> nodes = new ArrayList<>();
    private final List<NDArray> owned = new ArrayList<>();
    private final List<NDArray> grads = new ArrayList<>();
    private final List<Variable> gradVariables = new ArrayList<>();
    private boolean closed;

    private Tape(Tape parent) {
        this.parent = parent;
    }

    /** Opens a recording tape on this thread (nested in the current one, if any). */
    public static Tape open() {
        Tape t = new Tape(CURRENT.get());
        CURRENT.set(t);
        return t;
    }

    /** The innermost open tape of this thread, or null (inference mode). */
    public static Tape current() {
        return CURRENT.get();
    }

    /** Whether an op on these inputs would be recorded now. */
    public static boolean needsGradient(Variable... inputs) {
        if (CURRENT.get() == null) {
            return false;
        }
        for (Variable v : inputs) {
            if (v.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Registers the result of an operation: records a node when a tape is open and an input
     * requires a gradient, and gives {@code output} its owner (the open tape, or the returned
     * variable when none is open). This is how every op, built-in or user-written, is defined.
     *
     * <pre>{@code
     * public static Variable exp(Variable x) {
     *     NDArray y = x.value().exp();
     *     return Tape.record("exp", y, g -> new NDArray[] {g.mul(y)}, x);
     * }
     * }</pre>
     *
     * @param name     the op's name, for error messages
     * @param output   the freshly computed output (ownership passes to the tape or the result)
     * @param backward the op's gradient rule
     * @param inputs   the op's inputs, in the order the rule returns their gradients
     */
    public static Variable record(String name, NDArray output, Backward backward,
            Variable... inputs) {
        return record(name, output, null, backward, inputs);
    }

    /**
     * Like {@link #record(String, NDArray, Backward, Variable...)} for ops whose rule needs extra
     * arrays computed in the forward pass: {@code saved} stay open until the tape closes when the
     * node is recorded, and are closed at once otherwise. Check {@link #needsGradient} before
     * computing saved arrays that the forward result does not need.
     */
    public static Variable record(String name, NDArray output, NDArray[] saved, Backward backward,
            Variable... inputs) {
        Tape tape = CURRENT.get();
        boolean needs = needsGradient(inputs);
        Variable out = new Variable(output, needs, null);
        if (tape == null) {
            out.ownsValue = true;
        } else {
            tape.owned.add(output);
            out.owner = tape;
        }
        if (needs) {
            Node node = new Node(name, inputs.clone(), out, backward);
            out.node = node;
            tape.nodes.add(node);
            if (saved != null) {
                tape.owned.addAll(Arrays.asList(saved));
            }
        } else if (saved != null) {
            for (NDArray s : saved) {
                s.close();
            }
        }
        return out;
    }

    /**
     * A constant (no gradient) whose value is owned like an op result: by the open tape, or by
     * the returned variable when none is open. Use it for arrays a composition creates, such as
     * masks, so that they are released with everything else.
     *
     * <pre>{@code
     * Variable half = Tape.constant(NDArray.full(x.dtype(), 0.5, x.shape()));
     * }</pre>
     */
    public static Variable constant(NDArray value) {
        return record("constant", value, g -> new NDArray[0]);
    }

    /**
     * Runs a composition of ops so that its intermediate results are released: inside a tape
     * they belong to the tape (the backward pass needs them); with no tape they are closed when
     * {@code body} returns, and only the result survives.
     *
     * <pre>{@code
     * Variable swish = Tape.compose(() -> MathOps.mul(x, MathOps.sigmoid(x)));
     * }</pre>
     */
    public static Variable compose(Supplier<Variable> body) {
        if (CURRENT.get() != null) {
            return body.get();
        }
        try (Scope scope = Scope.open()) {
            Variable v = body.get();
            if (v.ownsValue) {
                scope.detach(v.value());
            }
            return v;
        }
    }

    /** Number of recorded operations. */
    public int size() {
        return nodes.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Computes the gradient of the scalar {@code loss} with respect to every leaf variable that
     * requires one; read them with {@link Variable#grad()}. Calling it again accumulates.
     */
    public void backward(Variable loss) {
        backward(loss, null);
    }

    /**
     * Back-propagates {@code seed} (the gradient of some scalar with respect to {@code output},
     * same shape as output) through the recorded operations. {@code seed} stays the caller's.
     */
    public void backward(Variable output, NDArray seed) {
        ensureOpen();
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException("backward: " + output + " does not depend on any"
                    + " variable that requires a gradient. Create trainable inputs with"
                    + " Variable.parameter(...) and compute the output while this tape is open.");
        }
        NDArray start;
        if (seed == null) {
            if (output.value().size() != 1) {
                throw new ShapeException("backward: the output has shape "
                        + Arrays.toString(output.shape()) + ", not a scalar; pass the gradient"
                        + " seed of that shape, or reduce the output (e.g. ReduceOps.sum).");
            }
            start = NDArray.ones(output.dtype(), output.shape());
        } else {
            if (!Arrays.equals(seed.shape(), output.shape())) {
                throw new ShapeException("backward: the seed has shape "
                        + Arrays.toString(seed.shape()) + " but the output has shape "
                        + Arrays.toString(output.shape()) + "; they must be equal.");
            }
            start = seed.cast(output.dtype());
        }
        Map<Variable, NDArray> pending = new IdentityHashMap<>();
        pending.put(output, start.share());
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Node node = nodes.get(i);
                NDArray g = pending.remove(node.output);
                if (g != null) {
                    NDArray[] inputGrads;
                    try {
                        inputGrads = runRule(node, g);
                    } finally {
                        g.close();
                    }
                    try {
                        for (int j = 0; j < inputGrads.length; j++) {
                            NDArray handle = inputGrads[j];
                            inputGrads[j] = null;
                            if (handle != null) {
                                accumulate(pending, node.inputs[j], handle);
                            }
                        }
                    } finally {
                        for (NDArray left : inputGrads) {
                            if (left != null) {
                                left.close();
                            }
                        }
                    }
                }
            }
            assignLeafGradients(pending, seed);
        } finally {
            for (NDArray g : pending.values()) {
                if (g != null) {
                    g.close();
                }
            }
            start.close();
        }
    }

    /** Runs one rule in its own scope and returns one tape-owned handle per input (or null). */
    private static NDArray[] runRule(Node node, NDArray g) {
        NDArray[] result = new NDArray[node.inputs.length];
        try (Scope scope = Scope.open()) {
            NDArray[] r = node.backward.apply(g);
            if (r == null || r.length != node.inputs.length) {
                throw new IllegalStateException("The backward rule of '" + node.name
                        + "' returned " + (r == null ? "null" : r.length + " gradients") + " for "
                        + node.inputs.length + " inputs; it must return one (or null) per input.");
            }
            for (int j = 0; j < r.length; j++) {
                Variable in = node.inputs[j];
                if (r[j] != null && in.requiresGrad()) {
                    NDArray fitted = fitToInput(r[j], in, node.name, j);
                    // A distinct handle per input: rules may return the same array (or gradOutput)
                    // for several inputs, and each handle is closed on its own.
                    result[j] = scope.detach(fitted.share());
                }
            }
        } catch (RuntimeException e) {
            for (NDArray h : result) {
                if (h != null) {
                    h.close();
                }
            }
            throw e;
        }
        return result;
    }

    /** Sums a broadcast gradient back to the input's shape and casts it to the input's dtype. */
    private static NDArray fitToInput(NDArray g, Variable input, String op, int index) {
        long[] want = input.shape();
        NDArray r = g;
        if (!Arrays.equals(g.shape(), want)) {
            r = sumToShape(g, want, op, index);
        }
        if (r.dtype() != input.dtype()) {
            r = r.cast(input.dtype());
        }
        return r;
    }

    /**
     * Reduces {@code g} (in a shape that {@code shape} broadcasts to) to {@code shape} by summing
     * over the broadcast axes: leading extra axes and axes where {@code shape} has size 1.
     */
    static NDArray sumToShape(NDArray g, long[] shape, String op, int index) {
        long[] gs = g.shape();
        int lead = gs.length - shape.length;
        boolean ok = lead >= 0;
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; ok && i < gs.length; i++) {
            if (i < lead) {
                axes.add(i);
            } else if (shape[i - lead] != gs[i]) {
                if (shape[i - lead] == 1) {
                    axes.add(i);
                } else {
                    ok = false;
                }
            }
        }
        if (!ok) {
            throw new ShapeException("The backward rule of '" + op + "' returned a gradient of"
                    + " shape " + Arrays.toString(gs) + " for input " + index + " of shape "
                    + Arrays.toString(shape) + ", which does not broadcast to it.");
        }
        int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
        NDArray summed = g.reduce(ReduceOp.SUM, ax, true);
        return summed.reshape(shape);
    }

    private static void accumulate(Map<Variable, NDArray> pending, Variable v, NDArray g) {
        NDArray old = pending.get(v);
        if (old == null) {
            pending.put(v, g);
            return;
        }
        NDArray sum;
        try {
            sum = old.add(g);
        } finally {
            old.close();
            g.close();
        }
        pending.put(v, sum);
    }

    /** Whatever is left in {@code pending} belongs to leaves (or to another tape's outputs). */
    private void assignLeafGradients(Map<Variable, NDArray> pending, NDArray seed) {
        List<NDArray> assigned = new ArrayList<>();
        for (Map.Entry<Variable, NDArray> e : pending.entrySet()) {
            Variable v = e.getKey();
            NDArray g = e.getValue();
            e.setValue(null);
            // Gradients are handed to updaters that may write into them: make each one a
            // contiguous array of its own.
            if (!g.isContiguous() || sharesMemory(g, assigned) || (seed != null
                    && g.sharesMemoryWith(seed))) {
                NDArray copy = g.dup();
                g.close();
                g = copy;
            }
            assigned.add(g);
            if (v.grad != null && v.gradOwner == this) {
                NDArray sum;
                try {
                    sum = v.grad.add(g);
                } finally {
                    g.close();
                }
                removeIdentity(grads, v.grad);
                v.grad.close();
                g = sum;
            } else {
                gradVariables.add(v);
            }
            v.grad = g;
            v.gradOwner = this;
            grads.add(g);
        }
        pending.values().removeIf(x -> x == null);
    }

    private static boolean sharesMemory(NDArray g, List<NDArray> others) {
        for (NDArray o : others) {
            if (g.sharesMemoryWith(o)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands {@code v}'s value to the caller, who must close it; the tape will not close it.
     * Same as {@link Variable#takeValue()}.
     */
    public NDArray keep(Variable v) {
        if (v.owner != this) {
            throw new IllegalArgumentException("keep: " + v + " is not owned by this tape.");
        }
        return v.takeValue();
    }

    /** Hands {@code v}'s gradient to the caller, who must close it. */
    public NDArray keepGradient(Variable v) {
        if (v.gradOwner != this || v.grad == null) {
            throw new IllegalArgumentException("keepGradient: " + v + " has no gradient from"
                    + " this tape; call backward(...) first.");
        }
        removeIdentity(grads, v.grad);
        v.gradOwner = null;
        return v.grad;
    }

    void release(NDArray value) {
        removeIdentity(owned, value);
    }

    private static void removeIdentity(List<NDArray> list, NDArray a) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i) == a) {
                list.remove(i);
                return;
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This tape is closed; open a new one with"
                    + " Tape.open() and run the forward pass inside it.");
        }
    }

    /**
     * Closes every array the tape owns (op outputs, saved arrays, gradients) and clears the
     * gradients of the variables it set. Tapes opened inside this one are closed first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        Tape cur = CURRENT.get();
        while (cur != null && cur != this && isAncestorOf(cur)) {
            cur.close();
            cur = CURRENT.get();
        }
        closed = true;
        for (Variable v : gradVariables) {
            if (v.gradOwner == this || v.gradOwner == null) {
                v.grad = null;
                v.gradOwner = null;
            }
        }
        closeAll(grads);
        closeAll(owned);
        nodes.clear();
        gradVariables.clear();
        if (CURRENT.get() == this) {
            if (parent == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(parent);
            }
        }
    }

    private static void closeAll(List<NDArray> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            list.get(i).close();
        }
        list.clear();
    }

    private boolean isAncestorOf(Tape t) {
        for (Tape p = t.parent; p != null; p = p.parent) {
            if (p == this) {
                return true;
            }
        }
        return false;
    }
}
