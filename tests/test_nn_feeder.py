"""``fit`` over Python batches: the feeder thread converts them into a Java queue that the
trainer reads without calling back into Python."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

import pybridge as pb
from pybridge import nn


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(400, 6)).astype(np.float32)
    y = (x[:, 0] - 0.5 * x[:, 1] > 0).astype(np.int64)
    return x, y


def make(seed=7):
    return nn.Sequential([nn.Dense(12, activation="tanh"), nn.Output(2, activation="softmax")],
                         input_shape=(6,), updater=nn.Adam(1e-2), seed=seed)


def weights(model):
    return {k: v.numpy().copy() for k, v in model.params().items()}


def feeders_alive():
    return [t for t in threading.enumerate() if t.name == "pybridge-feeder"]


class Passes:
    """A re-iterable of batches that records which thread iterates it, and can fail."""

    def __init__(self, batches, fail_at=None, delay=0.0):
        self.batches, self.fail_at, self.delay = batches, fail_at, delay
        self.passes = 0
        self.threads: set[str] = set()

    def __iter__(self):
        self.passes += 1
        self.threads.add(threading.current_thread().name)
        for i, b in enumerate(self.batches):
            if (self.passes, i) == self.fail_at:
                raise KeyError("source broke")
            if self.delay:
                time.sleep(self.delay)
            yield b


def test_queued_fit_trains_exactly_like_array_fit_over_several_epochs(data):
    x, y = data
    source = Passes([(x[i:i + 50], y[i:i + 50]) for i in range(0, 400, 50)])
    with make() as a, make() as b:
        a.fit(x, y, epochs=3, batch_size=50, shuffle=False, verbose=0)
        b.fit(source, epochs=3, verbose=0)
        wa, wb = weights(a), weights(b)
        for k in wa:
            np.testing.assert_array_equal(wa[k], wb[k], err_msg=k)
        assert b.iteration_count == 24 and b.epoch_count == 3
    assert source.passes == 3
    assert "pybridge-feeder" in source.threads  # the first pass is started by fit itself
    assert not feeders_alive()


def test_pb_arrays_and_masks_cross_the_queue(data):
    x, y = data
    with pb.scope(), make() as a, make() as b:
        batches = [(pb.array(x[i:i + 100]), pb.array(y[i:i + 100])) for i in range(0, 400, 100)]
        a.fit([(x[i:i + 100], y[i:i + 100]) for i in range(0, 400, 100)], epochs=2, verbose=0)
        b.fit(batches, epochs=2, verbose=0)
        wa, wb = weights(a), weights(b)
        for k in wa:
            np.testing.assert_array_equal(wa[k], wb[k], err_msg=k)


def test_a_source_failing_mid_epoch_raises_the_original_error_in_place(data):
    x, y = data
    source = Passes([(x[i:i + 50], y[i:i + 50]) for i in range(0, 400, 50)], fail_at=(2, 3))
    with make() as model:
        with pytest.raises(KeyError, match="source broke"):
            model.fit(source, epochs=3, verbose=0)
        # Every batch before the failure was trained on, none after it.
        assert model.iteration_count == 8 + 3
    assert not feeders_alive()


def test_bad_batches_raise_the_same_messages_as_before(data):
    x, y = data
    good = [(x[:50], y[:50])] * 3
    with make() as model:
        with pytest.raises(pb.ShapeError, match=r"Layer 0 \(dense\) expects input batches of "
                           r"shape \(n, 6\).*batch features has shape \(50, 5\)"):
            model.fit([*good, (x[:50, :5], y[:50])], epochs=1, verbose=0)
        with pytest.raises(pb.ShapeError, match=r"batch labels has shape \(49,\) but the "
                           r"features hold 50 examples"):
            model.fit([*good, (x[:50], y[:49])], epochs=2, verbose=0)
        with pytest.raises(pb.InvalidArgumentError, match=r"Each batch must be a \(features, "
                           r"labels\) pair, got ndarray"):
            model.fit([x[:50]], epochs=1, verbose=0)
        with pytest.raises(pb.InvalidArgumentError, match="one-shot iterator"):
            model.fit(iter(good), epochs=2, verbose=0)
        model.fit(iter(good), epochs=1, verbose=0)  # a generator serves one epoch
        assert model.iteration_count == 3 + 3 + 3  # the batches before each bad one
    assert not feeders_alive()


def test_training_that_fails_early_stops_the_feeder_and_releases_queued_batches(data):
    x, y = data

    class Boom(nn.Callback):
        def on_batch_end(self, iteration, epoch, loss):
            if iteration == 2:
                raise RuntimeError("stop here")

    # pb arrays: each queued batch holds Java handles, so a batch left in the queue would
    # show up in the leak check.
    with pb.scope():
        batches = [(pb.array(x[i:i + 20]), pb.array(y[i:i + 20])) for i in range(0, 400, 20)]
        with make() as model:
            before = pb.memory_info()["tensors"]
            with pytest.raises(RuntimeError, match="stop here"):
                model.fit(batches, epochs=5, callbacks=[Boom()], verbose=0)
            assert model.iteration_count == 3
            assert not feeders_alive()
            assert pb.memory_info()["tensors"] == before


def test_wait_stats_tell_a_slow_source_from_a_fast_one(data):
    x, y = data
    batches = [(x[i:i + 50], y[i:i + 50]) for i in range(0, 400, 50)]
    with make() as model:
        model.fit(Passes(batches, delay=0.02), epochs=2, verbose=0)
        slow = model.last_fit_stats
        assert set(slow) == {"seconds", "data_wait_s", "data_wait_fraction"}
        # 16 batches, each 20 ms late: the trainer waits most of the run.
        assert slow["data_wait_s"] >= 0.2 and slow["data_wait_fraction"] > 0.5
        model.fit(batches, epochs=2, verbose=0)
        fast = model.last_fit_stats
        assert 0 <= fast["data_wait_s"] <= fast["seconds"]
        assert fast["data_wait_fraction"] < slow["data_wait_fraction"]


def test_empty_passes_and_zero_epochs(data):
    x, y = data

    class FirstPassEmpty:
        passes = 0

        def __iter__(self):
            self.passes += 1
            return iter([] if self.passes == 1 else [(x[:50], y[:50])])

    with make() as model:
        assert model.fit([], epochs=2, verbose=0)["loss"] == [pytest.approx(np.nan,
                                                                             nan_ok=True)] * 2
        assert model.fit([(x[:50], y[:50])], epochs=0, verbose=0) == {"loss": []}
        assert model.iteration_count == 0
        # As when the trainer called back into Python: an empty first pass is skipped, and
        # each epoch trains on the pass after it.
        source = FirstPassEmpty()
        assert len(model.fit(source, epochs=3, verbose=0)["loss"]) == 3
        assert model.iteration_count == 3 and source.passes == 4
    assert not feeders_alive()


def test_a_generator_making_pb_arrays_on_the_feeder_thread_leaks_nothing(data):
    x, y = data

    def batches():
        for i in range(0, 400, 100):
            # Made on the feeder thread, outside the caller's scope: dropped wrappers close
            # their handles, and the queue's batches are closed by the trainer.
            yield pb.array(x[i:i + 100]), pb.array(y[i:i + 100])

    with pb.scope(), make() as a, make() as b:
        a.fit([(x[i:i + 100], y[i:i + 100]) for i in range(0, 400, 100)], verbose=0)
        b.fit(batches(), verbose=0)
        wa, wb = weights(a), weights(b)
        for k in wa:
            np.testing.assert_array_equal(wa[k], wb[k], err_msg=k)


def test_a_data_iterator_is_produced_on_the_feeder_thread_and_kept_when_it_fits(data):
    import pyarrow as pa

    from pybridge import data as pdata

    x, y = data
    table = pa.table({**{f"f{i}": x[:, i] for i in range(6)}, "y": y})

    class Stream:
        schema = table.schema

        def __init__(self):
            self.threads: list[str] = []

        def __iter__(self):
            self.threads.append(threading.current_thread().name)
            return iter(table.to_batches(max_chunksize=64))

    stream = Stream()
    it = pdata.DataSetIterator(stream, label="y", num_classes=2, batch_size=50, shuffle=True,
                               seed=4, prefetch=2)
    with make() as model:
        history = model.fit(it, epochs=3, verbose=0)
        assert len(history["loss"]) == 3 and model.iteration_count == 24
    # Read once (it fits the shuffle buffer), by the feeder itself: no prefetch thread.
    assert stream.threads == ["pybridge-feeder"]
    assert it.stats["epochs"] == 3 and it.stats["batches"] == 24
    assert not feeders_alive()


def test_runs_from_a_data_iterator_train_exactly_like_the_batches_one_by_one(data):
    import pyarrow as pa

    from pybridge import data as pdata

    x, y = data
    table = pa.table({**{f"f{i}": x[:, i] for i in range(6)}, "y": y})
    for shuffle in (False, True):
        def make_it(shuffle=shuffle):
            return pdata.DataSetIterator(table.to_batches(max_chunksize=90), label="y",
                                         num_classes=2, batch_size=30, shuffle=shuffle,
                                         seed=2, prefetch=0)
        it, twin = make_it(), make_it()
        one_by_one = [list(twin) for _ in range(2)]  # two epochs of plain batches
        with make() as a, make() as b:
            a.fit(it, epochs=2, verbose=0)
            b.fit(Passes(one_by_one[0]), epochs=1, verbose=0)
            b.fit(Passes(one_by_one[1]), epochs=1, verbose=0)
            assert a.iteration_count == b.iteration_count == 28
            wa, wb = weights(a), weights(b)
            for k in wa:
                np.testing.assert_array_equal(wa[k], wb[k], err_msg=k)
        assert it.stats["batches"] == 28
