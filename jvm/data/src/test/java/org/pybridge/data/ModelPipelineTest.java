package org.pybridge.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.pybridge.nn.Activation;
import org.pybridge.nn.Dense;
import org.pybridge.nn.LossFunction;
import org.pybridge.nn.MultiLayerNetwork;
import org.pybridge.nn.NeuralNetConfiguration;
import org.pybridge.nn.Output;
import org.pybridge.nn.Sgd;
import org.pybridge.tensor.NDArray;

/** A saved model's transform replayed on raw records before the network's output. */
@ExtendWith(LeakCheck.class)
class ModelPipelineTest {
    private static final String TRANSFORM = "{\"format\": \"pybridge-transform\", \"version\": 1, "
            + "\"schema\": {\"columns\": [{\"name\": \"x1\", \"type\": \"double\"}, "
            + "{\"name\": \"x2\", \"type\": \"int64\"}, {\"name\": \"color\", \"type\": "
            + "\"string\"}, {\"name\": \"label\", \"type\": \"string\"}]}, \"steps\": ["
            + "{\"op\": \"normalize\", \"column\": \"x1\", \"method\": \"standardize\", "
            + "\"range\": null, \"stats\": {\"mean\": 1.0, \"std\": 2.0}},"
            + "{\"op\": \"string_to_categorical\", \"column\": \"color\", \"categories\": "
            + "[\"a\", \"b\"]},"
            + "{\"op\": \"categorical_to_one_hot\", \"column\": \"color\"},"
            + "{\"op\": \"string_to_categorical\", \"column\": \"label\", \"categories\": "
            + "[\"no\", \"yes\"]},"
            + "{\"op\": \"categorical_to_integer\", \"column\": \"label\"}]}";

    private static MultiLayerNetwork network() {
        MultiLayerNetwork net = new MultiLayerNetwork(NeuralNetConfiguration.builder().seed(3)
                .updater(new Sgd(0.1)).list()
                .layer(new Dense.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new Output.Builder().nOut(2).activation(Activation.SOFTMAX)
                        .loss(LossFunction.MCXENT).build())
                .build());
        net.init();
        return net;
    }

    private static Map<String, Object> record(double x1, long x2, String color, String label) {
        Map<String, Object> m = new HashMap<>();
        m.put("x1", x1);
        m.put("x2", x2);
        m.put("color", color);
        if (label != null) {
            m.put("label", label);
        }
        return m;
    }

    @Test
    void outputEqualsTheNetworkOnHandTransformedFeatures(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("m.zip");
        float[][] expected;
        try (MultiLayerNetwork net = network()) {
            net.setTransformJson(TRANSFORM);
            net.save(file);
            // (x1 - 1) / 2, x2, color == a, color == b: the transform written out by hand.
            try (NDArray x = NDArray.create(new float[][] {{0.5f, 4, 1, 0}, {-1.25f, -1, 0, 1},
                    {0f, 0, 0, 1}}); NDArray out = net.output(x)) {
                expected = out.toFloatMatrix();
            }
        }
        List<Map<String, Object>> labelled = List.of(record(2.0, 4, "a", "yes"),
                record(-1.5, -1, "b", "no"), record(1.0, 0, "b", "no"));
        List<Map<String, Object>> unlabelled = new ArrayList<>();
        for (Map<String, Object> r : labelled) {
            Map<String, Object> copy = new HashMap<>(r);
            copy.remove("label");
            unlabelled.add(copy);
        }
        try (ModelPipeline p = ModelPipeline.load(file, "label")) {
            assertEquals(List.of("x1", "x2", "color[a]", "color[b]"), p.featureColumns());
            for (List<Map<String, Object>> records : List.of(labelled, unlabelled)) {
                try (NDArray out = p.output(records)) {
                    float[][] got = out.toFloatMatrix();
                    assertEquals(3, got.length);
                    for (int i = 0; i < 3; i++) {
                        assertArrayEquals(expected[i], got[i], 1e-6f, "row " + i);
                    }
                }
            }
            // A table without the label column, as a service reads it.
            Table raw = Table.of(Column.ofDoubles("x1", 2.0), Column.ofLongs("x2", 4),
                    Column.ofStrings("color", "a"));
            try (NDArray out = p.output(raw)) {
                assertArrayEquals(expected[0], out.toFloatMatrix()[0], 1e-6f);
            }
            // A CSV read with the model's input schema, streamed one row per batch; the
            // file's extra column is ignored and x2 is parsed as the int64 it was trained as.
            Schema in = p.inputSchema();
            assertEquals(Schema.builder().addDouble("x1").addInt64("x2").addString("color")
                    .build(), in);
            Path csv = dir.resolve("new.csv");
            java.nio.file.Files.writeString(csv, "note,color,x2,x1\nfirst,a,4,2.0\n"
                    + "second,b,-1,-1.5\nthird,b,0,1\n");
            int row = 0;
            try (CsvReader.Batches batches = CsvReader.builder().schema(in).build()
                    .batches(csv, 1)) {
                while (batches.hasNext()) {
                    try (NDArray out = p.output(batches.next())) {
                        assertArrayEquals(expected[row], out.toFloatMatrix()[0], 1e-6f);
                    }
                    row++;
                }
            }
            assertEquals(3, row);
        }
    }

    @Test
    void refusesAModelWithoutTransformOrAnUnknownLabel(@TempDir Path dir) {
        Path bare = dir.resolve("bare.zip");
        Path withTransform = dir.resolve("t.zip");
        try (MultiLayerNetwork net = network()) {
            net.save(bare);
            net.setTransformJson(TRANSFORM);
            net.save(withTransform);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelPipeline.load(bare, "label"));
        assertTrue(e.getMessage().contains("has no data transform")
                && e.getMessage().contains("bare.zip"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelPipeline.load(withTransform, "species"));
        assertTrue(e.getMessage().contains("Label column 'species'")
                && e.getMessage().contains("[x1, x2, color[a], color[b], label]"),
                e.getMessage());
    }
}
