package org.pybridge.nn.autodiff;

import org.pybridge.tensor.NDArray;

/**
 * The backward rule of one recorded operation: maps the gradient of the loss with respect to the
 * operation's output to gradients with respect to each input, in input order.
 *
 * <p>A rule may return null for an input that needs no gradient (check
 * {@link Variable#requiresGrad()} to skip work), may return {@code gradOutput} itself, and may
 * return a gradient in the broadcast shape of the output: the tape sums it back to the input's
 * shape and dtype. Temporaries a rule creates are closed for it (the tape runs each rule inside
 * a {@link org.pybridge.tensor.Scope}). A rule must never write into {@code gradOutput} or into
 * the arrays it captured.
 *
 * <pre>{@code
 * NDArray y = x.value().tanh();
 * return Tape.record("tanh", y, g -> new NDArray[] {g.mul(y.mul(y).neg().add(1))}, x);
 * }</pre>
 */
@FunctionalInterface
public interface Backward {
    NDArray[] apply(NDArray gradOutput);
}
