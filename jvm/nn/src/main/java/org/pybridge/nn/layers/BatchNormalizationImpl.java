package org.pybridge.nn.layers;

import org.pybridge.nn.BatchNormalization;
import org.pybridge.nn.autodiff.NNOps;
import org.pybridge.nn.autodiff.Variable;
import org.pybridge.tensor.BinaryOp;
import org.pybridge.tensor.NDArray;

/**
 * The built batch-normalisation layer. Running statistics ({@code "mean"}, {@code "var"}) are
 * parameters that the updater does not train: a training pass that may update statistics
 * folds the batch's mean and biased variance in with DL4J's decay.
 */
public final class BatchNormalizationImpl extends AbstractLayer {
    private final BatchNormalization config;
    private final long features;

    public BatchNormalizationImpl(LayerSetup setup, BatchNormalization config) {
        super(setup, config);
        this.config = config;
        this.features = config.nOut();
        building(() -> {
            addParam("gamma", NDArray.full(dataType(), config.gammaInit(), features));
            addParam("beta", NDArray.full(dataType(), config.betaInit(), features));
            addParam("mean", NDArray.zeros(dataType(), features));
            addParam("var", NDArray.ones(dataType(), features));
        });
    }

    @Override
    public boolean isTrainable(String param) {
        if (param.equals("gamma") || param.equals("beta")) {
            return !config.lockGammaBeta();
        }
        return false;
    }

    @Override
    public boolean isBias(String param) {
        return param.equals("gamma") || param.equals("beta");
    }

    @Override
    public Variable forward(Variable x, LayerContext context) {
        Variable gamma = context.param("gamma");
        Variable beta = context.param("beta");
        if (!context.training()) {
            return NNOps.batchNormInference(x, gamma, beta, params().get("mean"),
                    params().get("var"), config.eps());
        }
        if (!context.updateStatistics()) {
            return NNOps.batchNorm(x, gamma, beta, config.eps(), null, null);
        }
        try (NDArray batchMean = NDArray.empty(dataType(), features);
                NDArray batchVar = NDArray.empty(dataType(), features)) {
            Variable y = NNOps.batchNorm(x, gamma, beta, config.eps(), batchMean, batchVar);
            fold(params().get("mean"), batchMean);
            fold(params().get("var"), batchVar);
            return y;
        }
    }

    /** {@code running = decay * running + (1 - decay) * batch}, in place. */
    private void fold(NDArray running, NDArray batch) {
        running.applyInPlace(BinaryOp.MUL, config.decay());
        batch.applyInPlace(BinaryOp.MUL, 1 - config.decay());
        running.addi(batch);
    }
}
