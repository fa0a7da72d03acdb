package org.pybridge.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.pybridge.nn.autodiff.Tape;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.nn.layers.DenseInference;
import org.pybridge.nn.layers.Layer;
import org.pybridge.nn.layers.LayerContext;
import org.pybridge.nn.layers.LayerSetup;
import org.pybridge.nn.layers.ScoringLayer;
import org.pybridge.nn.preprocess.Normalizer;
import org.pybridge.tensor.Generator;
import org.pybridge.tensor.NDArray;
import org.pybridge.tensor.Scope;

/**
 * A stack of layers trained with backpropagation: DL4J's {@code MultiLayerNetwork}, built from a
 * {@link NeuralNetConfiguration}.
 *
 * <pre>{@code
 * try (MultiLayerNetwork net = new MultiLayerNetwork(conf)) {
 *     net.init();
 *     net.fit(x, y, 5, 128, true);                  // epochs, batch size, shuffle
 *     try (NDArray p = net.output(xTest)) { ... }
 *     System.out.println(net.evaluate(xTest, yTest).accuracy());
 *     net.save(Path.of("model.zip"));
 * }
 * try (MultiLayerNetwork net = MultiLayerNetwork.load(Path.of("model.zip"));
 *      NDArray out = net.output(x)) { ... }
 * }</pre>
 *
 * <h2>Training</h2>
 * One step ({@link #fit(NDArray, NDArray)}) runs the forward pass under a {@link Tape}, scores the
 * last layer's output (softmax + cross-entropy fused), back-propagates, and updates each trainable
 * parameter: regularisation terms into the gradient, decoupled weight decay, then the updater.
 * Every temporary is released at the end of the step. Labels are shaped like the output, or class
 * ids ((n,) or (n, 1)) for {@code sparse_mcxent}; class ids given to an {@code mcxent} or
 * {@code negativeloglikelihood} output with several units are one-hot encoded for you. With a
 * seed, training is deterministic: the same seed and data give bit-identical parameters, and
 * {@link #save}/{@link #load} keep the updater state, counters and random streams, so training
 * resumes exactly as if it had never stopped.
 *
 * <h2>Threads</h2>
 * {@link #output} may be called from many threads at once: inference reads parameters and keeps
 * every intermediate result local to the call. Training methods are synchronized on the network;
 * do not run inference while training changes the parameters.
 *
 * <h2>Memory</h2>
 * The network owns its parameters and updater state; {@link #close()} releases them. Arrays it
 * returns ({@link #output}, {@link #params()}) belong to the caller, who closes them.
 */
public final class MultiLayerNetwork implements AutoCloseable {
    /** The model-file type this class writes and reads. */
    public static final String MODEL_TYPE = "MultiLayerNetwork";
    /** Mixed into the seed for the training stream, so that it differs from initialisation's. */
    private static final long TRAINING_STREAM = 0x5DEECE66DL;
    /** Mixed into the seed for training-mode inference (dropout in output(x, true)). */
    private static final long INFERENCE_STREAM = 0x2545F4914F6CDD1DL;

    private final NeuralNetConfiguration conf;
    private final Regularization[] regularization;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Layer> layers;
    private final Map<String, NDArray[]> updaterState = new LinkedHashMap<>();
    private long seed;
    private Generator trainingRandom;
    private volatile Generator inferenceRandom;
    private long iteration;
    private int epoch;
    private double score = Double.NaN;
    private long lastBatchSize;
    private volatile Normalizer normalizer;
    private volatile String transformJson;
    private volatile boolean closed;
    private final ReadGuard readers = new ReadGuard();

    /** A network for {@code conf}; parameters are created by {@link #init()} (or on first use). */
    public MultiLayerNetwork(NeuralNetConfiguration conf) {
        if (conf == null) {
            throw new IllegalArgumentException("MultiLayerNetwork needs a configuration, got"
                    + " null; build one with NeuralNetConfiguration.builder().");
        }
        this.conf = conf;
        this.regularization = new Regularization[conf.numLayers()];
        for (int i = 0; i < regularization.length; i++) {
            regularization[i] = conf.regularization(i);
        }
    }

    /** The configuration. */
    public NeuralNetConfiguration conf() {
        return conf;
    }

    /**
     * Creates the parameters, drawing them from the configuration's seed (or a random one),
     * and the updater state. Does nothing when already initialised.
     */
    public synchronized void init() {
        ensureOpen();
        if (layers != null) {
            return;
        }
        long s = conf.seed() != null ? conf.seed() : Generator.global().fork().seed();
        // The parameters outlive any scope the caller has open (init may run lazily inside one).
        List<Layer> built = Scope.unscoped(() -> build(s));
        seed = s;
        trainingRandom = new Generator(s ^ TRAINING_STREAM);
        inferenceRandom = new Generator(s ^ INFERENCE_STREAM);
        layers = Collections.unmodifiableList(built);
    }

    private List<Layer> build(long s) {
        Generator init = new Generator(s);
        List<Layer> built = new ArrayList<>();
        try {
            for (int i = 0; i < conf.numLayers(); i++) {
                built.add(conf.layer(i).instantiate(new LayerSetup(i, conf.inputShape(i),
                        conf.dataType(), init)));
            }
            for (Layer l : built) {
                for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                    if (l.isTrainable(p.getKey())) {
                        updaterState.put(key(l, p.getKey()),
                                conf.updater().createState(p.getValue()));
                    }
                }
            }
            return built;
        } catch (RuntimeException e) {
            built.forEach(Layer::close);
            closeUpdaterState();
            throw e;
        }
    }

    /** Whether {@link #init()} has run. */
    public boolean isInitialized() {
        return layers != null;
    }

    /** The built layers (initialising the network if needed). */
    public List<Layer> getLayers() {
        return built();
    }

    private List<Layer> built() {
        List<Layer> l = layers;
        if (l == null) {
            init();
            l = layers;
        }
        return l;
    }

    private static String key(Layer l, String param) {
        return NetworkParams.key(l, param);
    }

    // ------------------------------------------------------------------ inference

    /**
     * The network's output for a batch, in inference mode (dropout off, batch-norm running
     * statistics). Safe to call from many threads at once. The caller owns (closes) the result.
     * When a {@linkplain #setNormalizer normalizer} is set, {@code features} are raw and are
     * normalised first (so are those given to {@link #evaluate}); training methods take
     * features as they are.
     *
     * @param features (n, ...input shape) examples; other floating dtypes are converted
     */
    public NDArray output(NDArray features) {
        return output(features, false);
    }

    /**
     * The output in inference mode, or in training mode (dropout active, batch statistics for
     * batch-norm, which does not update its running statistics here).
     */
    public NDArray output(NDArray features, boolean training) {
        List<Layer> ls = built();
        beginRead();
        try {
            return forward(ls, features, training);
        } finally {
            endRead();
        }
    }

    private NDArray forward(List<Layer> ls, NDArray features, boolean training) {
        Normalizer norm = normalizer;
        try (NDArray raw = norm == null ? features.share() : norm.transform(features);
                NDArray x = NetworkInputs.features(conf, raw)) {
            if (!training && x.ndim() == 2 && DenseInference.supports(ls)) {
                return DenseInference.output(ls, x);
            }
            Variable out = Tape.compose(() -> {
                Variable h = Variable.constant(x);
                for (Layer l : ls) {
                    h = l.forward(h, new LayerContext(LayerContext.constants(l), training,
                            training ? inferenceRandom : null, false));
                }
                return h;
            });
            return out.takeValue();
        }
    }

    /**
     * The output in inference mode for {@code rows} examples given as one row-major array
     * ({@code rows} x the input shape), returned the same way (a copy, {@code rows} x the
     * output shape, converted to float): no tensor to manage, and from Python one crossing
     * instead of several, the cheapest call for a few examples.
     *
     * <pre>{@code
     * float[] probabilities = net.output(pixels, 1);   // pixels.length == 784
     * }</pre>
     */
    public float[] output(float[] features, int rows) {
        try (NDArray x = NDArray.create(features, exampleShape(features.length, rows));
                NDArray y = output(x, false)) {
            return y.toFloatArray();
        }
    }

    /** {@link #output(float[], int)} in double precision (for float64 networks). */
    public double[] output(double[] features, int rows) {
        try (NDArray x = NDArray.create(features, exampleShape(features.length, rows));
                NDArray y = output(x, false)) {
            return y.toDoubleArray();
        }
    }

    /**
     * Writes the inference output for {@code features} into {@code out}, which must have the
     * output's shape (any floating dtype; values are converted). For services that reuse their
     * buffers: nothing is returned, so from Python, where every returned Java object costs a
     * few microseconds, this is the cheapest call, and {@code out} may be a numpy array lent
     * to the JVM.
     *
     * <pre>{@code
     * try (NDArray y = NDArray.empty(DataType.FLOAT32, 1, 10)) {
     *     net.output(x, y);   // y holds the probabilities
     * }
     * }</pre>
     */
    public void output(NDArray features, NDArray out) {
        if (!out.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("output(features, out): out is " + out.dtype()
                    + "; the output needs a floating-point tensor (float32 or float64).");
        }
        try (NDArray y = output(features, false)) {
            if (!Arrays.equals(y.shape(), out.shape())) {
                throw new IllegalArgumentException("output(features, out): out has shape "
                        + Arrays.toString(out.shape()) + " but the output for these features "
                        + "has shape " + Arrays.toString(y.shape()) + "; allocate out with "
                        + "that shape.");
            }
            out.assign(y);
        }
    }

    private long[] exampleShape(long length, int rows) {
        long[] one = conf.inputShape(0);
        long per = 1;
        for (long d : one) {
            per *= d;
        }
        if (rows < 1 || length != rows * per) {
            throw new IllegalArgumentException("output(features, rows): " + length
                    + " values are not " + rows + " example(s) of input shape "
                    + Arrays.toString(one) + " (" + per + " values each); pass rows * " + per
                    + " values in row-major order.");
        }
        long[] shape = new long[one.length + 1];
        shape[0] = rows;
        System.arraycopy(one, 0, shape, 1, one.length);
        return shape;
    }

    /** Keras' name for {@link #output(NDArray)}. */
    public NDArray predict(NDArray features) {
        return output(features, false);
    }

    // ------------------------------------------------------------------ training

    /** One training step on one minibatch. */
    public synchronized void fit(NDArray features, NDArray labels) {
        step(features, labels, null);
    }

    /** One training step on one minibatch, with its labels mask if any. */
    public synchronized void fit(DataSet batch) {
        step(batch.features(), batch.labels(), batch.labelsMask());
    }

    /**
     * Trains for {@code epochs} passes over in-memory data in minibatches of {@code batchSize}
     * (the last may be smaller), shuffled each epoch with the network's seeded generator when
     * {@code shuffle}.
     */
    public synchronized void fit(NDArray features, NDArray labels, int epochs, int batchSize,
            boolean shuffle) {
        fit(features, labels, epochs, batchSize, shuffle, null);
    }

    /**
     * Like {@link #fit(NDArray, NDArray, int, int, boolean)}, scoring {@code validation} (or
     * nothing, when null) after each epoch; listeners receive {@link
     * TrainingListener#onValidation}.
     */
    public synchronized void fit(NDArray features, NDArray labels, int epochs, int batchSize,
            boolean shuffle, DataSet validation) {
        built();
        try (ArrayDataSetIterator it = new ArrayDataSetIterator(features, labels, batchSize,
                shuffle, trainingRandom)) {
            fit(it, epochs, validation == null ? null : new SingleBatchIterator(validation));
        }
    }

    /** Trains for {@code epochs} passes over an iterator (reset when exhausted). */
    public synchronized void fit(DataSetIterator data, int epochs) {
        fit(data, epochs, null);
    }

    /**
     * Trains for {@code epochs} passes over {@code data}; after each epoch scores
     * {@code validation} (reset before each use; may be null). Each batch taken from an iterator
     * is closed after use.
     */
    public synchronized void fit(DataSetIterator data, int epochs, DataSetIterator validation) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs + ".");
        }
        built();
        for (int e = 0; e < epochs; e++) {
            if (!data.hasNext()) {
                data.reset();
            }
            int current = epoch;
            for (TrainingListener l : listeners) {
                l.onEpochStart(this, current);
            }
            while (data.hasNext()) {
                try (DataSet batch = data.next()) {
                    step(batch.features(), batch.labels(), batch.labelsMask());
                }
            }
            if (validation != null) {
                double v = score(validation);
                for (TrainingListener l : listeners) {
                    l.onValidation(this, current, v);
                }
            }
            epoch++;
            for (TrainingListener l : listeners) {
                l.onEpochEnd(this, current);
            }
        }
    }

    private void step(NDArray features, NDArray labels, NDArray labelsMask) {
        List<Layer> ls = built();
        ensureOpen();
        ScoringLayer last = scoringLayer(ls);
        double lr = conf.updater().learningRate();
        try (NDArray x = NetworkInputs.features(conf, features);
                NDArray y = NetworkInputs.labels(conf, last, labels, x.shape(0));
                Tape tape = Tape.open()) {
            List<Map<String, Variable>> vars = trainingVariables(ls);
            Variable loss = forwardLoss(ls, vars, x, y, labelsMask, true, trainingRandom, true);
            tape.backward(loss);
            double s = loss.value().item();
            for (int i = 0; i < ls.size(); i++) {
                Layer l = ls.get(i);
                Regularization reg = regularization[i];
                for (Map.Entry<String, Variable> e : vars.get(i).entrySet()) {
                    Variable v = e.getValue();
                    if (!v.requiresGrad() || v.grad() == null) {
                        continue;
                    }
                    NDArray p = v.value();
                    NDArray g = v.grad();
                    boolean bias = l.isBias(e.getKey());
                    s += reg.score(p, bias);
                    reg.addToGradient(p, g, bias);
                    reg.applyWeightDecay(p, lr, bias);
                    conf.updater().apply(p, g, updaterState.get(key(l, e.getKey())), iteration);
                }
            }
            score = s;
            lastBatchSize = x.shape(0);
        }
        long done = iteration++;
        for (TrainingListener l : listeners) {
            l.iterationDone(this, done, epoch, score);
        }
    }

    private static ScoringLayer scoringLayer(List<Layer> ls) {
        Layer last = ls.get(ls.size() - 1);
        if (!(last instanceof ScoringLayer)) {
            throw new IllegalStateException("The last layer (" + last.config().type() + ") has"
                    + " no loss, so the network cannot be trained or scored; end it with an"
                    + " Output layer or a LossLayer.");
        }
        return (ScoringLayer) last;
    }

    /** Trainable parameters as gradient-tracking leaves, the others as constants. */
    private static List<Map<String, Variable>> trainingVariables(List<Layer> ls) {
        List<Map<String, Variable>> vars = new ArrayList<>(ls.size());
        for (Layer l : ls) {
            Map<String, Variable> m = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                m.put(p.getKey(), l.isTrainable(p.getKey())
                        ? Variable.parameter(p.getValue(), key(l, p.getKey()))
                        : Variable.constant(p.getValue()));
            }
            vars.add(m);
        }
        return vars;
    }

    /**
     * The loss (no regularisation) of a forward pass with the given parameter variables;
     * {@code random} drives dropout in training mode.
     */
    private static Variable forwardLoss(List<Layer> ls, List<Map<String, Variable>> vars,
            NDArray x, NDArray labels, NDArray mask, boolean training, Generator random,
            boolean updateStatistics) {
        return Tape.compose(() -> {
            Variable h = Variable.constant(x);
            int last = ls.size() - 1;
            for (int i = 0; i < last; i++) {
                h = ls.get(i).forward(h, new LayerContext(vars.get(i), training, random,
                        updateStatistics));
            }
            return scoringLayer(ls).score(h, new LayerContext(vars.get(last), training, random,
                    updateStatistics), labels, mask);
        });
    }

    /**
     * The loss of a batch as a function of parameter variables, for gradient checks: keys as in
     * {@link #params()}; parameters not in the map enter as constants. Training mode uses
     * {@code random} for dropout and never updates batch-norm statistics.
     */
    Variable lossFor(Map<String, Variable> params, NDArray features, NDArray labels,
            NDArray mask, boolean training, Generator random) {
        List<Layer> ls = built();
        List<Map<String, Variable>> vars = new ArrayList<>();
        for (Layer l : ls) {
            Map<String, Variable> m = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                Variable v = params.get(key(l, p.getKey()));
                m.put(p.getKey(), v != null ? v : Variable.constant(p.getValue()));
            }
            vars.add(m);
        }
        // The backward pass reads the input batch: an open tape owns the converted handle.
        NDArray x = NetworkInputs.features(conf, features);
        boolean taped = Tape.current() != null;
        if (taped) {
            Tape.constant(x);
        }
        try (NDArray y = NetworkInputs.labels(conf, scoringLayer(ls), labels, x.shape(0))) {
            return forwardLoss(ls, vars, x, y, mask, training, random, false);
        } finally {
            if (!taped) {
                x.close();
            }
        }
    }

    // ------------------------------------------------------------------ scores and evaluation

    /** The loss of the last training minibatch, regularisation included (NaN before any). */
    public double score() {
        return score;
    }

    /** The number of examples in the last training minibatch. */
    public long lastBatchSize() {
        return lastBatchSize;
    }

    /** The loss of a batch in inference mode, regularisation included. */
    public double score(DataSet batch) {
        List<Layer> ls = built();
        beginRead();
        try (NDArray x = NetworkInputs.features(conf, batch.features());
                NDArray y = NetworkInputs.labels(conf, scoringLayer(ls), batch.labels(),
                        x.shape(0))) {
            List<Map<String, Variable>> vars = new ArrayList<>();
            for (Layer l : ls) {
                vars.add(LayerContext.constants(l));
            }
            try (Variable loss = forwardLoss(ls, vars, x, y, batch.labelsMask(), false, null,
                    false)) {
                return loss.value().item() + regularizationScore(ls);
            }
        } finally {
            endRead();
        }
    }

    /**
     * The mean loss over every batch of {@code data} (weighted by batch size), in inference
     * mode; the iterator is reset first.
     */
    public double score(DataSetIterator data) {
        data.reset();
        double total = 0;
        long n = 0;
        while (data.hasNext()) {
            try (DataSet batch = data.next()) {
                long b = batch.numExamples();
                total += score(batch) * b;
                n += b;
            }
        }
        return n == 0 ? Double.NaN : total / n;
    }

    private double regularizationScore(List<Layer> ls) {
        double s = 0;
        for (int i = 0; i < ls.size(); i++) {
            Layer l = ls.get(i);
            Regularization reg = regularization[i];
            for (Map.Entry<String, NDArray> p : l.params().entrySet()) {
                if (l.isTrainable(p.getKey())) {
                    s += reg.score(p.getValue(), l.isBias(p.getKey()));
                }
            }
        }
        return s;
    }

    /** Classification metrics of the network's predictions for {@code features}. */
    public Evaluation evaluate(NDArray features, NDArray labels) {
        Evaluation eval = new Evaluation(Math.toIntExact(outputSize()));
        NetworkInputs.evaluate(this, eval, features, labels);
        return eval;
    }

    /** Classification metrics over every batch of {@code data} (reset first). */
    public Evaluation evaluate(DataSetIterator data) {
        data.reset();
        Evaluation eval = new Evaluation(Math.toIntExact(outputSize()));
        while (data.hasNext()) {
            try (DataSet batch = data.next()) {
                NetworkInputs.evaluate(this, eval, batch.features(), batch.labels());
            }
        }
        return eval;
    }

    /**
     * Regression metrics (MSE, MAE, RMSE, R^2 per column) of the predictions; 1-d labels are
     * taken as one column.
     */
    public RegressionEvaluation evaluateRegression(NDArray features, NDArray labels) {
        RegressionEvaluation eval = new RegressionEvaluation(Math.toIntExact(outputSize()));
        try (NDArray predictions = output(features);
                NDArray shaped = labels.ndim() == 1 && predictions.ndim() == 2
                        ? labels.reshape(labels.shape(0), 1) : labels.share()) {
            eval.eval(shaped, predictions);
        }
        return eval;
    }

    private long outputSize() {
        long[] out = conf.outputShape(conf.numLayers() - 1);
        return out.length == 0 ? 1 : out[out.length - 1];
    }

    // ------------------------------------------------------------------ parameters

    /**
     * The parameters by key, {@code "<layer>_<name>"} ({@code "0_W"}, {@code "0_b"},
     * {@code "1_gamma"}, ...), in layer order. Each value is a new view of the live parameter:
     * writing into it changes the network, and the caller closes it (a {@code Scope} does).
     */
    public Map<String, NDArray> params() {
        return NetworkParams.views(built());
    }

    /** A view of one parameter, e.g. {@code param("0_W")}; the caller closes it. */
    public NDArray param(String key) {
        return NetworkParams.live(built(), key).share();
    }

    /** The parameter keys in order. */
    public List<String> paramKeys() {
        return NetworkParams.keys(built());
    }

    /**
     * Copies values into every parameter. The map must hold exactly this network's keys with
     * matching shapes (values of another dtype are converted); the arrays stay the caller's.
     */
    public synchronized void setParams(Map<String, NDArray> values) {
        NetworkParams.setAll(built(), values);
    }

    /** Copies {@code value} into one parameter (same shape; dtype converted). */
    public synchronized void setParam(String key, NDArray value) {
        NetworkParams.set(built(), key, value);
    }

    /** The number of parameter values, batch-norm running statistics included. */
    public long numParams() {
        long n = 0;
        for (Layer l : built()) {
            for (NDArray p : l.params().values()) {
                n += p.size();
            }
        }
        return n;
    }

    /**
     * A table of the layers: index, type (and name), input and output shapes, parameter counts,
     * and the totals (trainable and not).
     */
    public String summary() {
        return NetworkSummary.text(conf, built());
    }

    // ------------------------------------------------------------------ listeners and counters

    /** Adds listeners that receive training events. */
    public void addListeners(TrainingListener... toAdd) {
        listeners.addAll(Arrays.asList(toAdd));
    }

    /** Replaces the listeners. */
    public void setListeners(TrainingListener... replacement) {
        listeners.clear();
        listeners.addAll(Arrays.asList(replacement));
    }

    public List<TrainingListener> getListeners() {
        return Collections.unmodifiableList(listeners);
    }

    /** The number of training steps done so far (over the network's whole life, saves included). */
    public long getIterationCount() {
        return iteration;
    }

    /** The number of completed epochs. */
    public int getEpochCount() {
        return epoch;
    }

    // ------------------------------------------------------------------ preprocessing

    /**
     * Sets the normalizer that {@link #output} applies to raw features (null for none); it is
     * saved in the model file as {@code normalizer.json}.
     *
     * <pre>{@code
     * net.setNormalizer(NormalizerStandardize.fit(trainX));
     * }</pre>
     */
    public void setNormalizer(Normalizer value) {
        normalizer = value;
    }

    /** The normalizer applied by {@link #output}, or null. */
    public Normalizer getNormalizer() {
        return normalizer;
    }

    /**
     * Stores a data transform (e.g. a TransformProcess's JSON) with the model; it is saved as
     * {@code transform.json} and returned unchanged by {@link #transformJson()}. The network
     * does not interpret it: services apply it to raw records before {@link #output}.
     */
    public void setTransformJson(String json) {
        transformJson = json;
    }

    /** The transform JSON stored with the model, or null. */
    public String transformJson() {
        return transformJson;
    }

    // ------------------------------------------------------------------ persistence

    /**
     * Writes the model file: configuration, parameters, updater state and training state
     * (counters and random streams), so that {@link #load} resumes training exactly; plus the
     * normalizer and transform JSON when set.
     */
    public synchronized void save(Path path) {
        built();
        ensureOpen();
        NetworkFiles.save(this, path);
    }

    /** Reads a model file written by {@link #save} (or by Python's {@code model.save}). */
    public static MultiLayerNetwork load(Path path) {
        return NetworkFiles.load(path);
    }

    Map<String, NDArray[]> updaterState() {
        return updaterState;
    }

    /** The training state: seed, counters and the training stream's position. */
    Map<String, Object> trainingState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("iteration", iteration);
        m.put("epoch", (long) epoch);
        m.put("random_seed", trainingRandom.seed());
        m.put("random_position", trainingRandom.position());
        m.put("score", Double.isNaN(score) ? null : score);
        return m;
    }

    void restoreTrainingState(long savedSeed, long savedIteration, int savedEpoch,
            long randomSeed, long randomPosition, Double savedScore) {
        seed = savedSeed;
        iteration = savedIteration;
        epoch = savedEpoch;
        trainingRandom = new Generator(randomSeed, randomPosition);
        score = savedScore == null ? Double.NaN : savedScore;
    }

    // ------------------------------------------------------------------ lifetime

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This network is closed; its parameters were"
                    + " released. Load or build a new one.");
        }
    }

    /** Starts a call that reads the parameters without the lock; {@link #close} waits for it. */
    void beginRead() {
        if (!readers.enter()) {
            ensureOpen();
            throw new IllegalStateException("This network is being closed.");
        }
    }

    void endRead() {
        readers.exit();
    }

    /**
     * Releases parameters and updater state, after the calls already running on other threads
     * ({@code output}, {@code score}, {@code fit}...) have finished; later calls fail.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readers.closeAndWait();
        List<Layer> ls = layers;
        if (ls != null) {
            ls.forEach(Layer::close);
        }
        closeUpdaterState();
    }

    private void closeUpdaterState() {
        for (NDArray[] state : updaterState.values()) {
            for (NDArray a : state) {
                a.close();
            }
        }
        updaterState.clear();
    }
}
