package org.pybridge.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.pybridge.nn.internal.Json;
import org.pybridge.tensor.DataType;

/** JSON round trips (Java -> JSON -> Java equal, text stable) and strict reading. */
@ExtendWith(LeakCheck.class)
class ConfigJsonTest {

    /** The canonical text of the 784-1000-10 MLP: the schema's reference example. */
    static final String MLP_JSON = String.join("\n",
            "{",
            "  \"seed\": 123,",
            "  \"data_type\": \"float32\",",
            "  \"input_shape\": [",
            "    784",
            "  ],",
            "  \"updater\": {",
            "    \"type\": \"nesterovs\",",
            "    \"learning_rate\": 0.01,",
            "    \"momentum\": 0.9",
            "  },",
            "  \"regularization\": {",
            "    \"l1\": 0.0,",
            "    \"l2\": 0.0001,",
            "    \"weight_decay\": 0.0,",
            "    \"apply_to_bias\": false",
            "  },",
            "  \"layers\": [",
            "    {",
            "      \"type\": \"dense\",",
            "      \"name\": null,",
            "      \"n_in\": 784,",
            "      \"n_out\": 1000,",
            "      \"activation\": \"relu\",",
            "      \"weight_init\": \"xavier\",",
            "      \"bias_init\": 0.0,",
            "      \"has_bias\": true,",
            "      \"dropout\": 0.0,",
            "      \"l1\": null,",
            "      \"l2\": null,",
            "      \"weight_decay\": null",
            "    },",
            "    {",
            "      \"type\": \"output\",",
            "      \"name\": null,",
            "      \"n_in\": 1000,",
            "      \"n_out\": 10,",
            "      \"activation\": \"softmax\",",
            "      \"weight_init\": \"xavier\",",
            "      \"bias_init\": 0.0,",
            "      \"has_bias\": true,",
            "      \"dropout\": 0.0,",
            "      \"l1\": null,",
            "      \"l2\": null,",
            "      \"weight_decay\": null,",
            "      \"loss\": \"mcxent\",",
            "      \"loss_weights\": null",
            "    }",
            "  ]",
            "}");

    static NeuralNetConfiguration mlp() {
        return NeuralNetConfiguration.builder()
                .seed(123).updater(new Nesterovs(0.01, 0.9)).l2(1e-4)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new Dense.Builder().nIn(784).nOut(1000).activation(Activation.RELU)
                        .build())
                .layer(new Output.Builder().nOut(10).activation(Activation.SOFTMAX)
                        .loss(LossFunction.MCXENT).build())
                .setInputType(InputType.feedForward(784))
                .build();
    }

    private static void assertRoundTrip(NeuralNetConfiguration conf) {
        String json = conf.toJson();
        NeuralNetConfiguration back = NeuralNetConfiguration.fromJson(json);
        assertEquals(conf, back, json);
        assertEquals(conf.hashCode(), back.hashCode());
        assertEquals(json, back.toJson(), "JSON text must be stable");
    }

    private static NeuralNetConfiguration single(LayerConfig layer, long... inputShape) {
        return NeuralNetConfiguration.builder().seed(1).list().layer(layer)
                .setInputType(InputType.of(inputShape)).build();
    }

    @Test
    void theMlpHasTheDocumentedCanonicalJson() {
        NeuralNetConfiguration conf = mlp();
        assertEquals(MLP_JSON, conf.toJson());
        assertEquals(conf, NeuralNetConfiguration.fromJson(MLP_JSON));
    }

    @Test
    void everyLayerTypeRoundTrips() {
        List<LayerConfig> layers = List.of(
                new Dense.Builder().name("hidden").nOut(5).activation("tanh")
                        .weightInit(WeightInit.RELU).biasInit(0.1).hasBias(false).dropout(0.25)
                        .l1(0.01).l2(0.02).weightDecay(0.03).build(),
                new BatchNormalization.Builder().name("bn").eps(1e-3).decay(0.8)
                        .lockGammaBeta(true).gammaInit(2).betaInit(-1).build(),
                new ActivationLayer.Builder().activation(
                        ActivationFunction.of("leakyrelu").with("alpha", 0.3)).build(),
                new DropoutLayer(0.5),
                new Output.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .lossWeights(1, 2, 3).l2(0.5).build());
        NeuralNetConfiguration.ListBuilder b = NeuralNetConfiguration.builder().seed(7)
                .dataType(DataType.FLOAT64).updater(new Adam(0.01)).l1(1e-5).weightDecay(1e-3)
                .regularizeBias(true).list();
        layers.forEach(b::layer);
        NeuralNetConfiguration conf = b.setInputType(InputType.feedForward(4)).build();
        assertRoundTrip(conf);
        assertEquals(layers.size(), conf.numLayers());

        assertRoundTrip(NeuralNetConfiguration.builder().list()
                .layer(new Embedding.Builder().nIn(50).nOut(8).hasBias(true).build())
                .layer(new LossLayer.Builder(LossFunction.COSINE_PROXIMITY)
                        .activation(Activation.TANH).build())
                .build());
        // Every registered type appears above.
        List<String> seen = new ArrayList<>();
        conf.layers().forEach(l -> seen.add(l.type()));
        seen.add("embedding");
        seen.add("loss");
        assertEquals(LayerConfig.registeredTypes().stream().sorted().toList(),
                seen.stream().sorted().toList());
    }

    @Test
    void eachLayerConfigRoundTripsOnItsOwnIncludingUnsetValues() {
        for (LayerConfig l : List.of(new Dense.Builder().nOut(3).build(),
                new Output.Builder().nOut(2).build(), new LossLayer.Builder("mse").build(),
                new ActivationLayer(Activation.RELU), new DropoutLayer(0.1),
                new Embedding.Builder().nIn(3).nOut(2).build(),
                new BatchNormalization.Builder().build())) {
            Map<String, Object> json = l.toJson();
            assertEquals(LayerConfig.jsonKeys(l.type()), new ArrayList<>(json.keySet()));
            assertEquals(l, LayerConfig.fromJson(Json.parseObject(Json.write(json, false))));
        }
    }

    @Test
    void everyActivationRoundTripsWithItsParameters() {
        for (Activation a : Activation.values()) {
            ActivationFunction f = a.function();
            if (!a.defaults().isEmpty()) {
                String p = a.defaults().keySet().iterator().next();
                Object d = a.defaults().get(p);
                f = d instanceof Boolean ? f.with(p, !(Boolean) d)
                        : f.with(p, ((Double) d) / 2);
            }
            NeuralNetConfiguration conf = single(new Dense.Builder().nOut(4).activation(f)
                    .build(), 3);
            assertRoundTrip(conf);
            assertEquals(f, ((Dense) conf.layer(0)).activation());
        }
        // Parameterised activations are written out in full; plain ones are a bare name.
        assertEquals(Map.of("type", "elu", "alpha", 1.0), org.pybridge.nn.internal.ConfigValues
                .activationToJson(Activation.ELU.function()));
        assertEquals("relu", org.pybridge.nn.internal.ConfigValues.activationToJson(
                Activation.RELU.function()));
    }

    @Test
    void everyLossRoundTrips() {
        for (LossFunction loss : LossFunction.values()) {
            assertRoundTrip(single(new Output.Builder(loss).nOut(3)
                    .activation(Activation.SIGMOID).build(), 2));
            assertRoundTrip(single(new LossLayer.Builder(loss).build(), 3));
        }
    }

    @Test
    void everyUpdaterRoundTrips() {
        List<Updater> updaters = List.of(new Sgd(0.1), new Nesterovs(0.05, 0.8),
                new AdaGrad(0.2), new AdaDelta(), new RmsProp(0.003), new Adam(0.004),
                new AdaMax(0.005), new Nadam(0.006), new AmsGrad(0.007), new AdaBelief(0.008),
                new NoOp());
        assertEquals(Updater.NAMES, updaters.stream().map(Updater::jsonName).toList());
        for (Updater u : updaters) {
            NeuralNetConfiguration conf = NeuralNetConfiguration.builder().updater(u).list()
                    .layer(new Output.Builder().nIn(3).nOut(2).build()).build();
            assertRoundTrip(conf);
            assertEquals(u, conf.updater());
        }
    }

    @Test
    void everyWeightInitAndDistributionRoundTrips() {
        List<WeightInitScheme> schemes = new ArrayList<>(List.of(WeightInit.values()));
        schemes.addAll(List.of(new Distribution.Normal(0.5, 2), new Distribution.Uniform(-1, 3),
                new Distribution.TruncatedNormal(0, 0.1), new Distribution.LogNormal(0.1, 0.2),
                new Distribution.Binomial(3, 0.25), new Distribution.Orthogonal(1.5)));
        for (WeightInitScheme s : schemes) {
            NeuralNetConfiguration conf = single(new Dense.Builder().nOut(4).weightInit(s)
                    .build(), 4);
            assertRoundTrip(conf);
            assertEquals(s, ((Dense) conf.layer(0)).weightInit());
        }
        assertEquals("{\"distribution\": \"normal\", \"mean\": 0.0, \"std\": 0.01}",
                Json.write(new Distribution.Normal(0, 0.01).toJson(), false));
        assertEquals(Distribution.registeredNames(), schemes.subList(WeightInit.values().length,
                schemes.size()).stream().map(s -> ((Distribution) s).jsonName()).toList());
    }

    @Test
    void networkDefaultsAreResolvedIntoLayers() {
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().activation("tanh")
                .weightInit(WeightInit.RELU).biasInit(0.5).dropout(0.2).list()
                .layer(new Dense.Builder().nIn(3).nOut(4).build())
                .layer(new Dense.Builder().nOut(4).activation(Activation.RELU).dropout(0)
                        .build())
                .layer(new Output.Builder().nOut(2).build())
                .build();
        Dense d0 = (Dense) conf.layer(0);
        assertEquals(Activation.TANH.function(), d0.activation());
        assertEquals(WeightInit.RELU, d0.weightInit());
        assertEquals(0.5, d0.biasInit());
        assertEquals(0.2, d0.dropout());
        Dense d1 = (Dense) conf.layer(1);
        assertEquals(Activation.RELU.function(), d1.activation());
        assertEquals(0.0, d1.dropout());
        assertEquals(4L, d1.nIn());
        Output out = (Output) conf.layer(2);
        assertEquals(Activation.SOFTMAX.function(), out.activation(), "not the dense default");
        assertEquals(LossFunction.MCXENT, out.loss());
        // Resolved JSON depends on no builder default.
        assertRoundTrip(conf);
    }

    @Test
    void layerRegularizationOverridesTheNetworks() {
        NeuralNetConfiguration conf = NeuralNetConfiguration.builder().l2(0.1).l1(0.2).list()
                .layer(new Dense.Builder().nIn(3).nOut(4).l2(0.5).build())
                .layer(new Output.Builder().nOut(2).build()).build();
        assertEquals(new Regularization(0.2, 0.5, 0, false), conf.regularization(0));
        assertEquals(new Regularization(0.2, 0.1, 0, false), conf.regularization(1));
    }

    @Test
    void readingIsStrictAndNamesTheProblem() {
        String unknownKey = MLP_JSON.replace("\"n_out\": 1000", "\"n_outs\": 1000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NeuralNetConfiguration.fromJson(unknownKey));
        assertTrue(e.getMessage().contains("layers[0] (dense)"), e.getMessage());
        assertTrue(e.getMessage().contains("\"n_outs\""), e.getMessage());
        assertTrue(e.getMessage().contains("\"n_out\""), "lists the valid keys: "
                + e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replace("\"type\": \"dense\"", "\"type\": \"densse\"")));
        assertTrue(e.getMessage().contains("densse") && e.getMessage().contains("batch_norm"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replace("\"relu\"", "\"rectifier\"")));
        assertTrue(e.getMessage().contains("rectifier") && e.getMessage().contains("leakyrelu"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replace("\"mcxent\"", "\"crossentropy\"")));
        assertTrue(e.getMessage().contains("crossentropy"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replace("\"n_in\": 784", "\"n_in\": \"784\"")));
        assertTrue(e.getMessage().contains("n_in must be an integer"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replace("\"seed\": 123,", "\"seed\": 123, \"sed\": 1,")));
        assertTrue(e.getMessage().contains("\"sed\""), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replace("\"xavier\"", "\"xavierr\"")));
        assertTrue(e.getMessage().contains("xavierr") && e.getMessage().contains("relu_uniform"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NeuralNetConfiguration.fromJson(
                MLP_JSON.replaceFirst("\"xavier\"",
                        "{\"distribution\": \"normal\", \"mean\": 0.0, \"sd\": 1.0}")));
        assertTrue(e.getMessage().contains("\"sd\""), e.getMessage());
    }

    @Test
    void handWrittenJsonMayOmitOptionalKeys() {
        NeuralNetConfiguration conf = NeuralNetConfiguration.fromJson("{\"input_shape\": [4],"
                + " \"layers\": [{\"type\": \"dense\", \"n_out\": 3, \"activation\":"
                + " {\"type\": \"leakyrelu\", \"alpha\": 0.2}}, {\"type\": \"output\", \"n_out\":"
                + " 2, \"loss\": \"mcxent\"}]}");
        Dense d = (Dense) conf.layer(0);
        assertEquals(4L, d.nIn());
        assertEquals(0.2, d.activation().number("alpha"));
        assertEquals(null, conf.seed());
        assertEquals(DataType.FLOAT32, conf.dataType());
        assertEquals(new Sgd(), conf.updater());
        assertRoundTrip(conf);
    }

    @Test
    void equalityIsByValue() {
        assertEquals(mlp(), mlp());
        NeuralNetConfiguration other = NeuralNetConfiguration.builder().seed(124)
                .updater(new Nesterovs(0.01, 0.9)).l2(1e-4).list()
                .layer(new Dense.Builder().nIn(784).nOut(1000).activation(Activation.RELU)
                        .build())
                .layer(new Output.Builder().nOut(10).build()).build();
        assertNotEquals(mlp(), other);
    }
}
