"""Training, inference, evaluation, parameters and model files through ``pybridge.nn``."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import pybridge as pb
from pybridge import nn


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(42)
    x = rng.normal(size=(400, 6))
    y = (x[:, 0] - 0.5 * x[:, 1] + 0.25 * x[:, 2] > 0).astype(np.int64)
    return x, y


def make(seed=7, updater=None, **kw):
    return nn.Sequential([nn.Dense(12, activation="tanh"), nn.Output(2, activation="softmax")],
                         input_shape=(6,), updater=updater or nn.Adam(1e-2), seed=seed, **kw)


def weights(model):
    return {k: v.numpy().copy() for k, v in model.params().items()}


def assert_same_weights(a, b):
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_fit_predict_evaluate_learns_a_simple_problem(data):
    x, y = data
    with make() as model:
        history = model.fit(x, y, epochs=15, batch_size=32, verbose=0)
        assert len(history["loss"]) == 15 and history["loss"][-1] < history["loss"][0]
        p = model.predict(x)
        assert p.shape == (400, 2) and p.dtype == np.float32
        np.testing.assert_allclose(p.sum(axis=1), 1, rtol=1e-5)
        ev = model.evaluate(x, y)
        assert ev.accuracy() > 0.9
        assert ev.accuracy() == pytest.approx(np.mean(p.argmax(axis=1) == y))
        cm = ev.confusion_matrix()
        expected = np.zeros((2, 2), dtype=np.int64)
        np.add.at(expected, (y, p.argmax(axis=1)), 1)
        np.testing.assert_array_equal(cm, expected)
        assert 0 < ev.f1() <= 1 and 0 < ev.precision(1) <= 1 and 0 < ev.recall(0) <= 1
        assert ev.top_n_accuracy() == pytest.approx(ev.accuracy())
        assert model.evaluate(x, y, top_n=2).top_n_accuracy() == 1.0
        assert "Accuracy" in ev.stats() or "accuracy" in ev.stats()
        assert model.score(x, y) > 0
        assert np.isfinite(model.score()) and model.score() > 0


def test_class_ids_and_one_hot_labels_train_identically(data):
    x, y = data
    one_hot = np.eye(2, dtype=np.float64)[y]
    with make() as a, make() as b:
        a.fit(x, y, epochs=2, batch_size=50, shuffle=False, verbose=0)
        b.fit(x, one_hot, epochs=2, batch_size=50, shuffle=False, verbose=0)
        assert_same_weights(weights(a), weights(b))


def test_pb_arrays_and_numpy_train_identically(data):
    x, y = data
    with make() as a, make() as b, pb.scope():
        a.fit(x.astype(np.float32), y, epochs=1, batch_size=64, verbose=0)
        b.fit(pb.array(x, dtype="float32"), pb.array(y), epochs=1, batch_size=64, verbose=0)
        assert_same_weights(weights(a), weights(b))


def test_callbacks_receive_events_in_order(data):
    x, y = data
    events = []

    class Recorder(nn.Callback):
        def on_train_begin(self, logs=None):
            events.append(("train_begin",))

        def on_epoch_begin(self, epoch):
            events.append(("epoch_begin", epoch))

        def on_batch_end(self, iteration, epoch, loss):
            assert np.isfinite(loss)
            events.append(("batch", iteration, epoch))

        def on_epoch_end(self, epoch, logs):
            events.append(("epoch_end", epoch, sorted(logs)))

        def on_train_end(self, logs=None):
            events.append(("train_end",))

    with make() as model:
        history = model.fit(x, y, epochs=2, batch_size=100, callbacks=[Recorder()],
                            validation_data=(x[:50], y[:50]), verbose=0)
    keys = ["examples_per_second", "loss", "val_loss"]
    assert events == [
        ("train_begin",), ("epoch_begin", 0),
        ("batch", 0, 0), ("batch", 1, 0), ("batch", 2, 0), ("batch", 3, 0), ("epoch_end", 0, keys),
        ("epoch_begin", 1),
        ("batch", 4, 1), ("batch", 5, 1), ("batch", 6, 1), ("batch", 7, 1), ("epoch_end", 1, keys),
        ("train_end",),
    ]  # fmt: skip
    assert len(history["val_loss"]) == 2 and all(v > 0 for v in history["val_loss"])


def test_callback_errors_surface_unchanged(data):
    x, y = data

    class Boom(nn.Callback):
        def on_batch_end(self, iteration, epoch, loss):
            if iteration == 2:
                raise KeyError("stop here")

    with make() as model, pytest.raises(KeyError, match="stop here"):
        model.fit(x, y, epochs=1, batch_size=50, callbacks=[Boom()], verbose=0)


def test_verbose_controls_the_progress_bar(data, capsys):
    x, y = data
    with make() as model:
        model.fit(x, y, epochs=1, batch_size=100, verbose=0)
        out = capsys.readouterr()
        assert out.out == "" and out.err == ""
        model.fit(x, y, epochs=2, batch_size=100, verbose=1)
        err = capsys.readouterr().err
        assert "Epoch 2/2" in err and "examples/s" in err and "loss=" in err


def test_steps_reach_python_only_for_callbacks_that_want_them(data):
    x, y = data
    calls = []

    class Epochs(nn.Callback):  # no on_batch_end: steps stay in Java
        def on_epoch_end(self, epoch, logs):
            calls.append(("epoch", epoch, logs["loss"]))

    class Steps(nn.Callback):
        def on_batch_end(self, iteration, epoch, loss):
            calls.append(("batch", iteration))

    with make() as a, make() as b:
        quiet = a.fit(x, y, epochs=2, batch_size=64, shuffle=False, callbacks=[Epochs()],
                      verbose=0)
        assert [c[0] for c in calls] == ["epoch", "epoch"]
        assert [c[2] for c in calls] == quiet["loss"]
        calls.clear()
        stepped = b.fit(x, y, epochs=2, batch_size=64, shuffle=False, callbacks=[Steps()],
                        verbose=0)
        assert len(calls) == 2 * 7  # 400 rows: 7 batches of at most 64 per epoch
        # the epoch loss is the batch-size-weighted mean either way
        np.testing.assert_allclose(quiet["loss"], stepped["loss"], rtol=1e-12)
        assert_same_weights(weights(a), weights(b))


def test_iterable_of_batches_equals_array_fit(data):
    x, y = data
    batches = [(x[i:i + 80], y[i:i + 80]) for i in range(0, 400, 80)]
    with make() as a, make() as b:
        a.fit(x, y, epochs=2, batch_size=80, shuffle=False, verbose=0)
        history = b.fit(batches, epochs=2, validation_data=(x[:40], y[:40]), verbose=0)
        assert_same_weights(weights(a), weights(b))
        assert len(history["val_loss"]) == 2
        one_shot = iter(batches)
        with pytest.raises(pb.InvalidArgumentError, match="one-shot iterator"):
            b.fit(one_shot, epochs=2, verbose=0)
        b.fit((batch for batch in batches), epochs=1, verbose=0)


def test_save_load_predicts_identically_and_resumes_exactly(data, tmp_path):
    x, y = data
    path = tmp_path / "model.zip"
    with make() as whole:
        whole.fit(x, y, epochs=4, batch_size=64, shuffle=False, verbose=0)
        expected = weights(whole)
        with make() as first:
            first.fit(x, y, epochs=2, batch_size=64, shuffle=False, verbose=0)
            first.save(str(path))
            with nn.load(path) as loaded:
                np.testing.assert_array_equal(loaded.predict(x), first.predict(x))
                assert loaded.to_json() == first.to_json()
        with nn.MultiLayerNetwork.load(path) as resumed:
            assert resumed.iteration_count == 14 and resumed.epoch_count == 2
            resumed.fit(x, y, epochs=2, batch_size=64, shuffle=False, verbose=0)
            assert_same_weights(weights(resumed), expected)


def test_params_are_live_views_and_set_params_round_trips(data):
    x, _ = data
    with make() as model:
        params = model.params()
        assert list(params) == ["0_W", "0_b", "1_W", "1_b"]
        assert params["0_W"].shape == (6, 12) and params["0_b"].shape == (12,)
        assert model.num_params() == sum(p.size for p in params.values()) == 6 * 12 + 12 + 26
        saved = {k: v.numpy().copy() for k, v in params.items()}
        before = model.predict(x)
        params["1_b"].numpy()[:] = 5.0            # a view: writes reach the network
        assert not np.array_equal(model.predict(x), before)
        model.set_params(saved)
        np.testing.assert_array_equal(model.predict(x), before)
        with pytest.raises(pb.PyBridgeError):
            model.set_params({"0_W": saved["0_W"]})
        for p in params.values():
            p.close()


def test_bad_inputs_are_explained(data):
    x, y = data
    with make() as model:
        with pytest.raises(pb.ShapeError, match=r"Layer 0 \(dense\).*\(n, 6\).*\(400, 5\)"):
            model.fit(x[:, :5], y, verbose=0)
        with pytest.raises(pb.ShapeError, match=r"\(399,\).*400 examples"):
            model.fit(x, y[:-1], verbose=0)
        with pytest.raises(pb.ShapeError, match=r"Layer 0 \(dense\)"):
            model.predict(x[:, :3])
        with pytest.raises(pb.ShapeError, match=r"Layer 1 \(output\) outputs \(n, 2\).*"
                                                r"\(400, 3\)"):
            model.fit(x, np.zeros((400, 3)), verbose=0)
        with pytest.raises(pb.TensorIndexError, match="out of range"):
            model.fit(x, np.full(400, 7), verbose=0)
    with pytest.raises(pb.InvalidArgumentError, match=r"Unknown activation 'relux'"):
        nn.Dense(3, activation="relux")
    model.close()
    with pytest.raises(pb.PyBridgeError, match="closed"):
        model.predict(x)


def test_small_inputs_cross_in_one_call_and_agree_with_shared_inputs(data):
    x, y = data
    with make() as model:
        model.fit(x, y, epochs=2, batch_size=32, verbose=0)
        big = np.repeat(x, 30, axis=0).astype(np.float32)  # 288 KB: shared, not copied
        p_big = model.predict(big)
        for rows in (1, 3, 400):  # up to 9.6 KB: one copied array each way
            p = model.predict(big[:rows])
            assert p.shape == (rows, 2) and p.dtype == np.float32
            np.testing.assert_allclose(p, p_big[:rows], rtol=1e-5, atol=1e-6)
        # strided, Fortran-order and float64 inputs are converted on the way
        np.testing.assert_allclose(model.predict(big[:10:2]), p_big[:10:2], rtol=1e-5)
        np.testing.assert_allclose(model.predict(np.asfortranarray(big[:5])), p_big[:5],
                                   rtol=1e-5)
        np.testing.assert_allclose(model.predict(x[:7]), p_big[:210:30], rtol=1e-5, atol=1e-6)
        with pytest.raises(pb.ShapeError, match=r"Layer 0 \(dense\).*\(2, 3\)"):
            model.predict(big[:2, :3])


def test_small_predictions_from_many_threads_use_their_own_buffers(data):
    x, y = data
    with make() as model:
        model.fit(x, y, epochs=1, batch_size=32, verbose=0)
        shared = model.predict(np.tile(x, (4, 1)))  # 77 KB: the shared path, no buffers
        want = {rows: shared[:rows] for rows in (1, 2, 3)}

        def serve(seed: int) -> bool:
            rng = np.random.default_rng(seed)
            for _ in range(200):
                rows = int(rng.integers(1, 4))
                got = model.predict(x[:rows])
                if not np.allclose(got, want[rows], rtol=1e-5, atol=1e-6):
                    return False
            return True

        with ThreadPoolExecutor(8) as ex:
            assert all(ex.map(serve, range(8)))
    # Closing the network released the buffers: the leak check after each test counts them.


def test_closing_while_other_threads_predict_gives_them_a_clear_error(data):
    # close() waits for the calls already running, then frees the parameters: the others see
    # right answers until then and a "closed" error after, never freed memory.
    x, _ = data
    model = make()
    want = model.predict(x[:1])
    stop = []

    def serve(_: int) -> str:
        while True:
            try:
                got = model.predict(x[:1])
            except Exception as e:  # the test reports what each thread saw
                return str(e)
            if not np.array_equal(got, want):
                return "a wrong prediction"
            if stop:
                return "still running after close"

    with ThreadPoolExecutor(4) as ex:
        futures = [ex.submit(serve, i) for i in range(4)]
        time.sleep(0.1)
        model.close()
        time.sleep(0.1)
        stop.append(True)
        outcomes = [f.result() for f in futures]
    assert all("closed" in o for o in outcomes), outcomes


def test_predict_into_out_matches_predict(data):
    x, y = data
    with make() as model:
        model.fit(x, y, epochs=2, batch_size=32, verbose=0)
        want = model.predict(x[:5])
        into = np.full((5, 2), np.nan, np.float32)
        assert model.predict(x[:5], out=into) is into
        np.testing.assert_array_equal(into, want)
        wide = np.empty((5, 2), np.float64)  # converted on the way in
        model.predict(x[:5], out=wide)
        np.testing.assert_array_equal(wide, want.astype(np.float64))
        with pb.from_numpy(np.ascontiguousarray(x[:5], np.float32)) as xs, \
                pb.zeros((5, 2), dtype="float32") as ys:
            for _ in range(3):  # the reused-buffer serving loop
                assert model.predict(xs, out=ys) is ys
            np.testing.assert_array_equal(ys.numpy(), want)
        with pytest.raises(pb.InvalidArgumentError, match=r"out has shape \[4, 2\] but the "
                                                          r"output .* has shape \[5, 2\]"):
            model.predict(x[:5], out=np.empty((4, 2), np.float32))
        ro = np.empty((5, 2), np.float32)
        ro.flags.writeable = False
        with pytest.raises(pb.InvalidArgumentError, match="writable float array"):
            model.predict(x[:5], out=ro)
        with pytest.raises(pb.InvalidArgumentError, match="writable float array"):
            model.predict(x[:5], out=np.empty((5, 2), np.int32))
        with pb.zeros((5, 2), dtype="int32") as ints, \
                pb.from_numpy(np.ascontiguousarray(x[:5], np.float32)) as xs, \
                pytest.raises(pb.InvalidArgumentError, match="floating-point"):
            model.predict(xs, out=ints)
        with pytest.raises(pb.InvalidArgumentError, match=r"numpy array or pb\.NDArray"):
            model.predict(x[:5], out=[[0, 0]] * 5)


def test_regression_float64_and_summary():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.1
    conf = (nn.NeuralNetConfiguration.builder().seed(3).data_type("float64")
            .updater(nn.Sgd(0.05)).list()
            .layer(nn.Dense(n_in=3, n_out=1, activation="identity"))
            .layer(nn.LossLayer("mse")).build())
    with nn.MultiLayerNetwork(conf) as model:
        model.fit(x, y, epochs=30, batch_size=20, verbose=0)
        assert model.predict(x).dtype == np.float64
        ev = model.evaluate_regression(x, y)
        assert ev.r2() > 0.99 and ev.mean_squared_error(0) < 0.05
        assert ev.root_mean_squared_error() == pytest.approx(ev.mean_squared_error() ** 0.5)
        text = model.summary()
        assert "dense" in text and "loss" in text
        assert str(model) == text


def test_every_layer_type_trains_and_names_its_parameters():
    rng = np.random.default_rng(5)
    ids = rng.integers(0, 20, size=120)
    y = (ids % 3).astype(np.int64)
    model = nn.Sequential([
        nn.Embedding(20, 8),
        nn.BatchNormalization(),
        nn.Dense(16, activation=nn.activation("leakyrelu", alpha=0.2)),
        nn.Dropout(0.1),
        nn.ActivationLayer("tanh"),
        nn.Dense(3),
        nn.LossLayer("mcxent", activation="softmax"),
    ], updater=nn.Adam(5e-2), seed=11, data_type="float64")
    with model:
        assert model.config.input_shape == (1,)
        model.fit(ids, y, epochs=40, batch_size=40, verbose=0)
        assert model.evaluate(ids, y).accuracy() > 0.9
        keys = list(model.params())
        assert keys == ["0_W", "1_gamma", "1_beta", "1_mean", "1_var", "2_W", "2_b", "5_W", "5_b"]
        np.testing.assert_array_equal(model.predict(ids), model.predict(ids))  # dropout off


def test_from_json_requires_what_java_requires():
    conf = nn.NeuralNetConfiguration.builder().list().layer(
        nn.Output(n_in=2, n_out=2)).build().to_dict()
    del conf["layers"][0]["loss"]
    with pytest.raises(pb.InvalidArgumentError, match='"loss" is required'):
        nn.NeuralNetConfiguration.from_json(conf)
