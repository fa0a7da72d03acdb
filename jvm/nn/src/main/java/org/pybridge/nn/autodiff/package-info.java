/**
 * Reverse-mode automatic differentiation over {@link org.pybridge.tensor.NDArray} operations.
 *
 * <p>A {@link org.pybridge.nn.autodiff.Tape} records the operations run while it is open; each
 * operation's backward rule is written beside its forward in one method of
 * {@link org.pybridge.nn.autodiff.MathOps}, {@link org.pybridge.nn.autodiff.ReduceOps},
 * {@link org.pybridge.nn.autodiff.ShapeOps}, {@link org.pybridge.nn.autodiff.ActivationOps} or
 * {@link org.pybridge.nn.autodiff.NNOps}, and user code defines new ones the same way through
 * {@link org.pybridge.nn.autodiff.Tape#record}. {@link org.pybridge.nn.autodiff.GradientCheck}
 * compares every rule with central finite differences in float64.
 *
 * <pre>{@code
 * try (NDArray xs = NDArray.create(new double[][] {{1, 2}, {3, 4}});
 *      NDArray ws = NDArray.create(new double[][] {{0.5}, {-0.5}});
 *      Tape tape = Tape.open()) {
 *     Variable x = Variable.constant(xs);
 *     Variable w = Variable.parameter(ws);
 *     Variable loss = ReduceOps.mean(MathOps.square(MathOps.matmul(x, w)));
 *     tape.backward(loss);
 *     NDArray dw = w.grad();          // valid until the tape closes
 * }
 * }</pre>
 */
package org.pybridge.nn.autodiff;
