package org.pybridge.nn.autodiff;

/** One recorded operation: its inputs, its output and its backward rule. */
final class Node {
    final String name;
    final Variable[] inputs;
    final Variable output;
    final Backward backward;

    Node(String name, Variable[] inputs, Variable output, Backward backward) {
        this.name = name;
        this.inputs = inputs;
        this.output = output;
        this.backward = backward;
    }
}
