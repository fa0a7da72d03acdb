package org.pybridge.nn;

import java.util.ArrayList;
import java.util.List;
import org.pybridge.nn.internal.ShapeText;
import org.pybridge.nn.layers.Layer;
import org.pybridge.tensor.NDArray;

/** The text of {@link MultiLayerNetwork#summary()}. */
final class NetworkSummary {
    private NetworkSummary() {
    }

    static String text(NeuralNetConfiguration conf, List<Layer> layers) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "Layer (type)", "Input shape", "Output shape", "Params"});
        long trainable = 0;
        long fixed = 0;
        for (Layer l : layers) {
            long count = 0;
            for (var p : l.params().entrySet()) {
                NDArray a = p.getValue();
                count += a.size();
                if (l.isTrainable(p.getKey())) {
                    trainable += a.size();
                } else {
                    fixed += a.size();
                }
            }
            LayerConfig c = l.config();
            rows.add(new String[] {String.valueOf(l.index()),
                    c.name() == null ? c.type() : c.name() + " (" + c.type() + ")",
                    ShapeText.batch(l.inputShape()), ShapeText.batch(l.outputShape()),
                    String.format("%,d", count)});
        }
        int[] width = new int[5];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        String rule = "=".repeat(width[0] + width[1] + width[2] + width[3] + width[4] + 8) + "\n";
        sb.append(rule);
        for (int j = 0; j < rows.size(); j++) {
            String[] r = rows.get(j);
            for (int i = 0; i < r.length; i++) {
                String cell = i == 4 ? pad(r[i], width[i], true) : pad(r[i], width[i], false);
                sb.append(cell).append(i < r.length - 1 ? "  " : "\n");
            }
            if (j == 0) {
                sb.append(rule.replace('=', '-'));
            }
        }
        sb.append(rule);
        sb.append(String.format("Total params: %,d%n", trainable + fixed));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", fixed));
        sb.append("Updater: ").append(conf.updater().jsonName()).append(", data type: ")
                .append(conf.dataType().numpyName()).append('\n');
        return sb.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String space = " ".repeat(width - s.length());
        return right ? space + s : s + space;
    }
}
