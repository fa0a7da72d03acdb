package org.pybridge.nn;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pybridge.tensor.NDArray;

/**
 * An optimizer's configuration and its update rule: immutable hyper-parameters (a record per
 * updater) plus the maths that turns a gradient into a parameter step.
 *
 * <p>The formulas follow {@code torch.optim} so that training matches PyTorch step for step
 * (tested for 20 steps against fixtures PyTorch generated); where DL4J's formula differs (epsilon
 * placement in RmsProp, Adam, AdaMax; the Nesterov momentum form; NAdam's momentum schedule) each
 * record says how. Defaults are DL4J 1.0.0-M2's. The state an updater keeps per parameter (Adam's
 * moments, ...) lives in arrays shaped like the parameter that the caller owns, creates with
 * {@link #createState} and saves with the model so that training resumes exactly.
 *
 * <p>JSON: {@code {"type": "adam", "learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999,
 * "epsilon": 1e-08}}; keys are snake_case, missing keys take the defaults.
 *
 * <pre>{@code
 * Updater adam = new Adam(1e-3);
 * NDArray[] state = adam.createState(w);        // zeros: "m", "v"
 * for (long it = 0; it < steps; it++) {
 *     ... compute grad ...
 *     adam.apply(w, grad, state, it);            // w updated in place
 * }
 * }</pre>
 */
public interface Updater {
    /** The JSON type names, in the order the updaters are documented. */
    List<String> NAMES = List.of("sgd", "nesterovs", "adagrad", "adadelta", "rmsprop", "adam",
            "adamax", "nadam", "amsgrad", "adabelief", "noop");

    /** The JSON type name, e.g. {@code "adam"}. */
    String jsonName();

    /** The canonical JSON form: {@code {"type": jsonName(), ...hyper-parameters}}, ordered. */
    Map<String, Object> toJson();

    /**
     * The updater a JSON object describes (the inverse of {@link #toJson()}).
     *
     * @throws IllegalArgumentException for an unknown type or key, naming it and the valid ones
     */
    static Updater fromJson(Map<String, Object> json) {
        if (json == null) {
            throw new IllegalArgumentException("Updater JSON is null; expected an object like"
                    + " {\"type\": \"adam\", \"learning_rate\": 0.001}.");
        }
        Object type = json.get("type");
        if (!(type instanceof String)) {
            throw new IllegalArgumentException("Updater JSON needs a string \"type\", one of "
                    + NAMES + "; got " + json + ".");
        }
        String t = ((String) type).toLowerCase(Locale.ROOT);
        switch (t) {
            case "sgd": return Sgd.fromJson(json);
            case "nesterovs": return Nesterovs.fromJson(json);
            case "adagrad": return AdaGrad.fromJson(json);
            case "adadelta": return AdaDelta.fromJson(json);
            case "rmsprop": return RmsProp.fromJson(json);
            case "adam": return Adam.fromJson(json);
            case "adamax": return AdaMax.fromJson(json);
            case "nadam": return Nadam.fromJson(json);
            case "amsgrad": return AmsGrad.fromJson(json);
            case "adabelief": return AdaBelief.fromJson(json);
            case "noop": return NoOp.fromJson(json);
            default:
                throw new IllegalArgumentException("Unknown updater type '" + type + "'; use one"
                        + " of " + NAMES + ".");
        }
    }

    /** The learning rate, or NaN for updaters without one (adadelta, noop). */
    double learningRate();

    /**
     * A copy with another learning rate (for schedules); updaters without one return themselves.
     */
    Updater withLearningRate(double lr);

    /** Names of the per-parameter state arrays, e.g. {@code {"m", "v"}} for adam. */
    String[] stateNames();

    /**
     * Updates {@code param} in place from {@code grad}, using and updating {@code state}.
     *
     * @param param     the parameter, written in place
     * @param grad      its gradient, already including regularisation terms; not modified
     * @param state     one array per {@link #stateNames()} entry, shaped like {@code param} (from
     *                  {@link #createState})
     * @param iteration the step number counting from 0 (bias corrections use
     *                  {@code iteration + 1}, like PyTorch's {@code step})
     */
    void apply(NDArray param, NDArray grad, NDArray[] state, long iteration);

    /**
     * Fresh state for {@code param}: one zero array per state name, with the parameter's shape
     * and dtype. The caller owns (and closes) the arrays.
     */
    default NDArray[] createState(NDArray param) {
        String[] names = stateNames();
        NDArray[] out = new NDArray[names.length];
        try {
            for (int i = 0; i < names.length; i++) {
                out[i] = NDArray.zeros(param.dtype(), param.shape());
            }
        } catch (RuntimeException e) {
            for (NDArray a : out) {
                if (a != null) {
                    a.close();
                }
            }
            throw e;
        }
        return out;
    }
}
