/**
 * Built layers: the runtime side of the layer configurations in {@link org.pybridge.nn}. A
 * {@link org.pybridge.nn.layers.Layer} is created from its configuration once its input shape is
 * known ({@link org.pybridge.nn.LayerConfig#instantiate}), owns its parameters, and computes its
 * output with the differentiable ops of {@link org.pybridge.nn.autodiff}.
 *
 * <pre>{@code
 * Layer layer = new Dense.Builder().nIn(4).nOut(3).activation(Activation.TANH).build()
 *         .instantiate(new LayerSetup(0, new long[] {4}, DataType.FLOAT64, new Generator(1)));
 * try (layer; Variable y = Tape.compose(() -> layer.forward(x, LayerContext.inference(layer)))) {
 *     ...
 * }
 * }</pre>
 */
package org.pybridge.nn.layers;
