"""The Python builders write the very JSON the Java builders write, for every config type.

The Java side is built with the Java builder classes through JPype; texts are compared
character for character, and configurations round-trip Java -> JSON -> Python -> JSON -> Java.
The registry tests pin the Python tables to the Java registries, so the sides cannot drift.
"""

from __future__ import annotations

import json

import jpype
import pytest

import pybridge as pb
from pybridge import nn
from pybridge.nn._layers import LAYERS
from pybridge.nn._updaters import UPDATERS
from pybridge.nn._values import ACTIVATIONS, DISTRIBUTIONS, LOSSES, WEIGHT_INITS

PKG = "org.pybridge.nn."


def J(name: str):
    return jpype.JClass(PKG + name)


def java_value(v):
    """A Java Double/Boolean/Long as the Python value."""
    if isinstance(v, jpype.JBoolean) or str(type(v)) == "<java class 'java.lang.Boolean'>":
        return bool(v)
    return float(v)


# ---------------------------------------------------------------------- registries


def test_layer_types_and_keys_match_the_java_registry():
    LayerConfig = J("LayerConfig")
    assert list(LAYERS) == [str(t) for t in LayerConfig.registeredTypes()]
    for name, cls in LAYERS.items():
        assert ["type", *cls.KEYS] == [str(k) for k in LayerConfig.jsonKeys(name)], name


def test_activations_and_their_defaults_match_java():
    java = {}
    for a in J("Activation").values():
        java[str(a.jsonName())] = {str(k): java_value(v) for k, v in a.defaults().items()}
    assert java == ACTIVATIONS
    assert list(java) == list(ACTIVATIONS)


def test_losses_weight_inits_distributions_updaters_match_java():
    assert [str(f.jsonName()) for f in J("LossFunction").values()] == list(LOSSES)
    assert [str(w.jsonName()) for w in J("WeightInit").values()] == list(WEIGHT_INITS)
    assert [str(d) for d in J("Distribution").registeredNames()] == list(DISTRIBUTIONS)
    assert [str(u) for u in J("Updater").NAMES] == list(UPDATERS)


def java_json(value) -> str:
    return str(jpype.JClass(PKG + "internal.Json").write(value, False))


@pytest.mark.parametrize("name", list(UPDATERS))
def test_updater_defaults_and_values_match_java(name):
    Json = jpype.JClass(PKG + "internal.Json")
    java_default = J("Updater").fromJson(Json.parseObject(json.dumps({"type": name})))
    py_default = UPDATERS[name]()
    compact = json.dumps(py_default.to_json(), separators=(", ", ": "))
    assert java_json(java_default.toJson()) == compact
    # non-default values round-trip through Java unchanged
    keys = [k for k, _, _ in UPDATERS[name].KEYS]
    custom = UPDATERS[name](**{k: 0.25 + 0.01 * i for i, k in enumerate(keys)})
    text = json.dumps(custom.to_json(), separators=(", ", ": "))
    assert java_json(J("Updater").fromJson(Json.parseObject(text)).toJson()) == text


# ---------------------------------------------------------------------- whole networks


def java_activation(spec):
    if isinstance(spec, str):
        return J("ActivationFunction").of(spec)
    f = J("ActivationFunction").of(spec.name)
    for k, v in spec.params.items():
        f = f.with_(k, v) if hasattr(f, "with_") else getattr(f, "with")(k, v)
    return f


def java_weight_init(spec):
    if isinstance(spec, str):
        return J("WeightInit").fromName(spec)
    cls = jpype.JClass(PKG + "Distribution$" + "".join(
        p.capitalize() for p in spec.name.split("_")))
    return cls(*spec.params.values())


def java_conf(layers, *, seed=None, updater=None, l2=0.0, input_shape=None, defaults=None,
              data_type="float32"):
    b = J("NeuralNetConfiguration").builder()
    if seed is not None:
        b.seed(seed)
    if updater is not None:
        Json = jpype.JClass(PKG + "internal.Json")
        b.updater(J("Updater").fromJson(Json.parseObject(json.dumps(updater.to_json()))))
    b.l2(l2)
    b.dataType(jpype.JClass("org.pybridge.tensor.DataType").of(data_type))
    for k, v in (defaults or {}).items():
        if k == "activation":
            b.activation(java_activation(v))
        elif k == "weight_init":
            b.weightInit(java_weight_init(v))
        elif k == "bias_init":
            b.biasInit(v)
        elif k == "dropout":
            b.dropout(v)
    lb = b.list()
    for layer in layers:
        lb.layer(layer)
    if input_shape is not None:
        lb.setInputType(J("InputType").of(jpype.JArray(jpype.JLong)(list(input_shape))))
    return lb.build()


def py_conf(layers, *, seed=None, updater=None, l2=0.0, input_shape=None, defaults=None,
            data_type="float32"):
    b = nn.NeuralNetConfiguration.builder().seed(seed).l2(l2).data_type(data_type)
    if updater is not None:
        b.updater(updater)
    for k, v in (defaults or {}).items():
        getattr(b, k)(v)
    lb = b.list(*layers)
    if input_shape is not None:
        lb.input_shape(input_shape)
    return lb.build()


def assert_same(py, java):
    text = py.to_json()
    assert text == str(java.toJson())
    # Java -> JSON -> Python -> JSON -> Java, unchanged
    back = nn.NeuralNetConfiguration.from_json(str(java.toJson()))
    assert back.to_json() == text
    again = J("NeuralNetConfiguration").fromJson(back.to_json())
    assert str(again.toJson()) == text
    assert again.equals(java)


def dense_java(n_out, **kw):
    b = jpype.JClass(PKG + "Dense$Builder")().nOut(n_out)
    for k, v in kw.items():
        if k == "activation":
            b.activation(java_activation(v))
        elif k == "weight_init":
            b.weightInit(java_weight_init(v))
        else:
            getattr(b, _camel(k))(v)
    return b.build()


def output_java(n_out, loss="mcxent", **kw):
    b = jpype.JClass(PKG + "Output$Builder")(loss).nOut(n_out)
    for k, v in kw.items():
        if k == "activation":
            b.activation(java_activation(v))
        elif k == "weight_init":
            b.weightInit(java_weight_init(v))
        elif k == "loss_weights":
            b.lossWeights(jpype.JArray(jpype.JDouble)(v))
        else:
            getattr(b, _camel(k))(v)
    return b.build()


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(r.capitalize() for r in rest)


def test_api_example_sequential_builder_and_java_agree():
    py = (nn.NeuralNetConfiguration.builder().seed(123).updater(nn.Adam(1e-3)).l2(1e-4).list()
          .layer(nn.Dense(n_in=784, n_out=1000, activation="relu"))
          .layer(nn.Output(n_out=10, activation="softmax", loss="mcxent")).build())
    java = java_conf([dense_java(1000, activation="relu", n_in=784),
                      output_java(10, activation="softmax")],
                     seed=123, updater=nn.Adam(1e-3), l2=1e-4)
    assert_same(py, java)
    with nn.Sequential([nn.Dense(1000, activation="relu"),
                        nn.Output(10, activation="softmax", loss="mcxent")],
                       input_shape=(784,), updater=nn.Adam(1e-3), seed=123, l2=1e-4) as model:
        assert model.to_json() == py.to_json()


def _activation_cases():
    cases = []
    for name, params in ACTIVATIONS.items():
        cases.append(nn.activation(name))
        if params:
            custom = {k: (not v) if isinstance(v, bool) else round(v * 0.5 + 0.05, 4)
                      for k, v in params.items()}
            cases.append(nn.activation(name, **custom))
    return cases


@pytest.mark.parametrize("act", _activation_cases(), ids=repr)
def test_every_activation_matches_java(act):
    py = py_conf([nn.Dense(5, activation=act), nn.ActivationLayer(act), nn.Output(3)],
                 input_shape=(4,))
    java = java_conf([dense_java(5, activation=act),
                      jpype.JClass(PKG + "ActivationLayer$Builder")()
                      .activation(java_activation(act)).build(), output_java(3)],
                     input_shape=(4,))
    assert_same(py, java)


@pytest.mark.parametrize("loss", LOSSES)
def test_every_loss_matches_java(loss):
    act = "sigmoid" if loss in ("xent", "reconstruction_crossentropy") else "softmax"
    py = py_conf([nn.Output(n_in=4, n_out=3, activation=act, loss=loss,
                            loss_weights=[1.0, 0.5, 2.0])])
    java = java_conf([output_java(3, loss, n_in=4, activation=act,
                                  loss_weights=[1.0, 0.5, 2.0])])
    assert_same(py, java)
    py = py_conf([nn.Dense(3), nn.LossLayer(loss, activation=act, name="scored")],
                 input_shape=(4,))
    java = java_conf([dense_java(3), jpype.JClass(PKG + "LossLayer$Builder")(loss)
                      .activation(act).name("scored").build()], input_shape=(4,))
    assert_same(py, java)


def _weight_inits():
    d = nn.distribution
    return [*WEIGHT_INITS, d.normal(0.0, 0.01), d.uniform(-0.1, 0.2), d.truncated_normal(1.0, 2.0),
            d.log_normal(0.5, 0.25), d.binomial(3, 0.3), d.orthogonal(1.5)]


@pytest.mark.parametrize("init", _weight_inits(), ids=str)
def test_every_weight_init_matches_java(init):
    py = py_conf([nn.Dense(5, weight_init=init), nn.Output(3)], input_shape=(5,),
                 defaults={"weight_init": init})
    java = java_conf([dense_java(5, weight_init=init), output_java(3)], input_shape=(5,),
                     defaults={"weight_init": init})
    assert_same(py, java)


@pytest.mark.parametrize("name", list(UPDATERS))
def test_every_updater_in_a_network_matches_java(name):
    keys = [k for k, _, _ in UPDATERS[name].KEYS]
    upd = UPDATERS[name](**{k: 0.125 for k in keys})
    py = py_conf([nn.Output(n_in=2, n_out=2)], updater=upd, seed=5)
    java = java_conf([output_java(2, n_in=2)], updater=upd, seed=5)
    assert_same(py, java)


def test_every_layer_type_with_all_settings_matches_java():
    py = py_conf([
        nn.Embedding(50, 8, activation="tanh", weight_init="uniform", bias_init=0.5,
                     has_bias=True, l1=1e-3, l2=2e-3, weight_decay=1e-2, name="emb"),
        nn.BatchNormalization(eps=1e-3, decay=0.99, lock_gamma_beta=True, gamma_init=2.0,
                              beta_init=-1.0, name="bn"),
        nn.Dense(6, activation=nn.activation("elu", alpha=0.3), bias_init=0.1, has_bias=False,
                 dropout=0.2, l1=1e-5, l2=3e-4, weight_decay=0.01, name="hidden"),
        nn.Dropout(0.3, name="drop"),
        nn.ActivationLayer("relu6"),
        nn.Output(4, activation="sigmoid", loss="xent", weight_init="relu", bias_init=-0.5,
                  dropout=0.1, l2=1e-3, name="out"),
    ], seed=2**40 + 3, updater=nn.Nesterovs(0.05, momentum=0.8), l2=1e-4, data_type="float64",
        defaults={"activation": "tanh", "weight_init": "xavier_uniform", "bias_init": 0.01,
                  "dropout": 0.05})
    Builder = lambda n: jpype.JClass(PKG + n + "$Builder")()  # noqa: E731
    java = java_conf([
        Builder("Embedding").nIn(50).nOut(8).activation("tanh").weightInit(
            java_weight_init("uniform")).biasInit(0.5).hasBias(True).l1(1e-3).l2(2e-3)
        .weightDecay(1e-2).name("emb").build(),
        Builder("BatchNormalization").eps(1e-3).decay(0.99).lockGammaBeta(True).gammaInit(2.0)
        .betaInit(-1.0).name("bn").build(),
        dense_java(6, activation=nn.activation("elu", alpha=0.3), bias_init=0.1, has_bias=False,
                   dropout=0.2, l1=1e-5, l2=3e-4, weight_decay=0.01, name="hidden"),
        Builder("DropoutLayer").rate(0.3).name("drop").build(),
        Builder("ActivationLayer").activation("relu6").build(),
        output_java(4, "xent", activation="sigmoid", weight_init="relu", bias_init=-0.5,
                    dropout=0.1, l2=1e-3, name="out"),
    ], seed=2**40 + 3, updater=nn.Nesterovs(0.05, momentum=0.8), l2=1e-4, data_type="float64",
        defaults={"activation": "tanh", "weight_init": "xavier_uniform", "bias_init": 0.01,
                  "dropout": 0.05})
    assert_same(py, java)
    layers = py.layers
    assert layers[2]["n_in"] == 8 and layers[1]["n_out"] == 8 and layers[5]["n_in"] == 6
    assert layers[2]["weight_init"] == "xavier_uniform"


# ---------------------------------------------------------------------- validation


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(pb.InvalidArgumentError, match=r"Unknown activation 'relu7'.*leakyrelu"):
        nn.Dense(3, activation="relu7")
    with pytest.raises(pb.InvalidArgumentError, match=r"unknown loss function 'mcx'.*mcxent"):
        nn.Output(3, loss="mcx")
    with pytest.raises(pb.InvalidArgumentError, match=r"unknown weight init 'he'.*xavier"):
        nn.Dense(3, weight_init="he")
    with pytest.raises(pb.InvalidArgumentError, match=r"has no parameter 'beta'.*alpha"):
        nn.activation("leakyrelu", beta=1.0)
    with pytest.raises(pb.InvalidArgumentError, match=r"no parameter 'lr'.*learning_rate"):
        nn.Adam(lr=0.1)


def test_invalid_stacks_are_explained():
    with pytest.raises(pb.InvalidArgumentError, match=r"n_out .* is required"):
        nn.Dense(activation="relu")
    with pytest.raises(pb.InvalidArgumentError, match="must be the last layer"):
        py_conf([nn.Output(3), nn.Dense(2)], input_shape=(4,))
    with pytest.raises(pb.InvalidArgumentError, match="input shape is unknown"):
        py_conf([nn.Dense(3), nn.Output(2)])
    with pytest.raises(pb.ShapeError, match=r"Layer 1 \(dense\).*n_in=5.*\(3,\).*Layer 0"):
        py_conf([nn.Dense(3), nn.Dense(2, n_in=5), nn.Output(2)], input_shape=(4,))


def test_from_json_is_strict():
    good = py_conf([nn.Dense(3), nn.Output(2)], input_shape=(4,)).to_dict()
    bad = json.loads(json.dumps(good))
    bad["layers"][0]["units"] = 3
    with pytest.raises(pb.InvalidArgumentError, match=r"unknown key 'units'.*'n_out'"):
        nn.NeuralNetConfiguration.from_json(json.dumps(bad))
    bad = dict(good, optimizer={})
    with pytest.raises(pb.InvalidArgumentError, match=r"unknown key 'optimizer'.*'updater'"):
        nn.NeuralNetConfiguration.from_json(bad)
    bad = json.loads(json.dumps(good))
    bad["updater"]["momentum"] = 0.9
    with pytest.raises(pb.InvalidArgumentError, match="no parameter 'momentum'"):
        nn.NeuralNetConfiguration.from_json(bad)
