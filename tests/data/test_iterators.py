"""DataSetIterator: batching, zero-copy views, shuffling, streams, masks, sequences,
prefetch, splits, and training through model.fit."""

from __future__ import annotations

import time

import numpy as np
import pyarrow as pa
import pytest

from pybridge import data, nn


def _table(n=100, seed=0):
    rng = np.random.default_rng(seed)
    return pa.table({"a": rng.normal(size=n).astype(np.float32),
                     "b": rng.normal(size=n), "k": rng.integers(0, 5, n),
                     "y": rng.integers(0, 3, n)})


def test_batches_cover_the_table_in_order():
    t = _table()
    it = data.DataSetIterator(t, label="y", num_classes=3, batch_size=32, prefetch=0)
    batches = list(it)
    assert [len(x) for x, _ in batches] == [32, 32, 32, 4]
    x = np.concatenate([b[0] for b in batches])
    np.testing.assert_array_equal(x[:, 0], t.column("a").to_numpy())
    np.testing.assert_array_equal(x[:, 2], t.column("k").to_numpy().astype(np.float32))
    y = np.concatenate([b[1] for b in batches])
    assert y.shape == (100, 3) and y.dtype == np.float32
    np.testing.assert_array_equal(y.argmax(1), t.column("y").to_numpy())
    ids = next(iter(data.DataSetIterator(t, label="y", num_classes=3, one_hot=False)))[1]
    assert ids.dtype == np.int64 and ids.ndim == 1
    assert len(list(data.DataSetIterator(t, label="y", batch_size=32, drop_last=True))) == 3


@pytest.mark.parametrize("classes", [3, 300])
def test_one_hot_labels_for_few_and_many_classes(classes):
    # up to 256 classes rows of an identity are gathered; past that the ones are scattered
    ids = np.random.default_rng(classes).integers(0, classes, 500)
    t = pa.table({"x": np.arange(500, dtype=np.float32), "y": ids})
    (x, y), = data.DataSetIterator(t, label="y", num_classes=classes, batch_size=500,
                                   dtype=np.float64, prefetch=0)
    want = np.zeros((500, classes))
    want[np.arange(500), ids] = 1
    assert y.dtype == np.float64 and y.flags.writeable
    np.testing.assert_array_equal(y, want)
    np.testing.assert_array_equal(x.ravel(), np.arange(500))


def test_a_large_table_in_order_streams_per_record_batch_with_the_same_batches():
    # Past about a million rows an in-order table is cut chunk by chunk on the producer
    # thread instead of assembled whole; batches straddling chunks must still be exact.
    n = (1 << 20) + 1234
    rng = np.random.default_rng(0)
    a, b, y = rng.random(n), rng.integers(-5, 5, n), rng.integers(0, 4, n)
    chunks = [pa.record_batch({"a": a[s:s + 300_001], "b": b[s:s + 300_001],
                               "y": y[s:s + 300_001]}) for s in range(0, n, 300_001)]
    t = pa.Table.from_batches(chunks)
    it = data.DataSetIterator(t, label="y", num_classes=4, batch_size=1000, prefetch=2)
    for _ in range(2):  # every epoch is whole
        batches = list(it)
        assert [len(x) for x, _ in batches] == [1000] * (n // 1000) + [n % 1000]
        x = np.concatenate([bx for bx, _ in batches])
        np.testing.assert_array_equal(x, np.column_stack([a, b]).astype(np.float32))
        np.testing.assert_array_equal(np.concatenate([by for _, by in batches]).argmax(1), y)


@pytest.mark.parametrize("shuffle", [False, True])
def test_runs_for_the_feeder_hold_the_same_batches_in_the_same_order(shuffle):
    # model.fit's feeder asks for runs: several consecutive batches in one array, which the
    # Java queue cuts into views. Their rows must be exactly the batches of a plain pass.
    t = _table(1000, seed=3)
    stream = t.to_batches(max_chunksize=170)
    for source in (t, stream):
        def make(source=source):
            return data.DataSetIterator(source, label="y", num_classes=3, batch_size=32,
                                        shuffle=shuffle, shuffle_buffer=400, seed=5,
                                        prefetch=0)
        plain, it = make(), make()
        for _ in range(2):
            want = list(plain)
            runs = list(it._pass_on_this_thread(runs=True))
            assert any(r.split == 32 for r in runs)
            cut = [(r[0][i:i + 32], r[1][i:i + 32]) for r in runs
                   for i in range(0, len(r[0]), r.split or len(r[0]))]
            assert [len(x) for x, _ in cut] == [len(x) for x, _ in want]
            for (gx, gy), (wx, wy) in zip(cut, want, strict=True):
                np.testing.assert_array_equal(gx, wx)
                np.testing.assert_array_equal(gy, wy)
        assert it.stats["batches"] == plain.stats["batches"]
        assert it.stats["examples"] == plain.stats["examples"] == 2000


def test_same_type_columns_become_one_row_major_matrix_with_the_same_values():
    from pybridge.data._assemble import feature_matrix

    rng = np.random.default_rng(1)
    ints = pa.record_batch({"a": pa.array(rng.integers(-9, 9, 50), pa.int32()),
                            "b": pa.array(rng.integers(-9, 9, 50), pa.int32())})
    x = feature_matrix(ints, None, np.float32)
    assert x.flags.c_contiguous and x.dtype == np.float32
    np.testing.assert_array_equal(x, np.column_stack([ints.column(0), ints.column(1)]))
    big = pa.record_batch({"a": pa.array([2**53 + 1, 3], pa.int64()),
                           "b": pa.array([0.5, 1.5])})  # mixed: no detour through float64
    np.testing.assert_array_equal(feature_matrix(big, None, np.float32),
                                  np.array([[2**53 + 1, 0.5], [3, 1.5]], np.float32))
    holes = pa.record_batch({"a": pa.array([1.0, None]), "b": pa.array([1.0, 2.0])})
    with pytest.raises(ValueError, match="'a' has 1 missing value"):
        feature_matrix(holes, None, np.float32)


def test_single_float_column_is_a_view_of_arrow_memory():
    t = pa.table({"x": np.arange(10, dtype=np.float32), "y": np.arange(10.0)})
    x, y = next(iter(data.DataSetIterator(t, label="y", features=["x"], batch_size=4)))
    buf = t.column("x").chunk(0).buffers()[1]
    assert x.__array_interface__["data"][0] == buf.address  # no copy
    assert y.shape == (4, 1)
    emb = pa.FixedSizeListArray.from_arrays(pa.array(np.arange(12, dtype=np.float32)), 3)
    t2 = pa.table({"e": emb, "y": [0, 1, 0, 1]})
    x2, _ = next(iter(data.DataSetIterator(t2, label="y", num_classes=2)))
    assert x2.shape == (4, 3)
    assert x2.__array_interface__["data"][0] == emb.values.buffers()[1].address


def test_shuffle_is_seeded_and_changes_each_epoch():
    t = _table()
    it = data.DataSetIterator(t, label="y", shuffle=True, seed=7, batch_size=100)
    e1, e2 = (next(iter(it))[0][:, 0].copy() for _ in range(2))
    assert not np.array_equal(e1, e2)
    np.testing.assert_array_equal(np.sort(e1), np.sort(t.column("a").to_numpy()))
    again = data.DataSetIterator(t, label="y", shuffle=True, seed=7, batch_size=100)
    np.testing.assert_array_equal(next(iter(again))[0][:, 0], e1)


def test_stream_shuffle_buffer_and_rebatching(tmp_path):
    t = pa.table({"x": np.arange(1000, dtype=np.float32), "y": np.arange(1000) % 2})
    batches = t.to_batches(max_chunksize=70)  # batch boundaries differ from batch_size
    it = data.DataSetIterator(batches, label="y", num_classes=2, batch_size=64)
    xs = [x for x, _ in it]
    assert [len(x) for x in xs] == [64] * 15 + [40]
    np.testing.assert_array_equal(np.concatenate(xs).ravel(), np.arange(1000))
    sh = data.DataSetIterator(batches, label="y", num_classes=2, batch_size=64, shuffle=True,
                              shuffle_buffer=256, seed=1)
    got = np.concatenate([x for x, _ in sh]).ravel()
    assert not np.array_equal(got, np.arange(1000))
    np.testing.assert_array_equal(np.sort(got), np.arange(1000))
    reader = pa.RecordBatchReader.from_batches(t.schema, batches)
    once = data.DataSetIterator(reader, label="y")
    assert len(list(once)) == 32
    with pytest.raises(ValueError, match="one-shot"):
        list(once)


class _CountingBatches:
    """A re-iterable stream of record batches that counts its passes and batch reads."""

    def __init__(self, batches):
        self.batches, self.schema = batches, batches[0].schema
        self.passes = self.reads = 0

    def __iter__(self):
        self.passes += 1
        for b in self.batches:
            self.reads += 1
            yield b


def test_a_stream_that_fits_the_shuffle_buffer_is_read_once_and_reshuffled():
    t = pa.table({"x": np.arange(1000, dtype=np.float32), "y": np.arange(1000) % 2})
    source = _CountingBatches(t.to_batches(max_chunksize=70))
    it = data.DataSetIterator(source, label="y", num_classes=2, batch_size=64, shuffle=True,
                              shuffle_buffer=4096, seed=5, prefetch=0)
    rng = np.random.default_rng(5)  # the same draws as re-reading the stream every epoch
    for _ in range(3):
        got = np.concatenate([x for x, _ in it]).ravel()
        np.testing.assert_array_equal(got, np.arange(1000)[rng.permutation(1000)])
    assert source.passes == 1 and source.reads == 15
    # A stream larger than the buffer is still read once per epoch.
    big = _CountingBatches(t.to_batches(max_chunksize=70))
    spill = data.DataSetIterator(big, label="y", num_classes=2, batch_size=64, shuffle=True,
                                 shuffle_buffer=256, seed=5)
    for _ in range(3):
        got = np.concatenate([x for x, _ in spill]).ravel()
        np.testing.assert_array_equal(np.sort(got), np.arange(1000))
    assert big.passes == 3 and big.reads == 45
    # A normalizer is applied once, to the kept block, not again on each epoch.
    norm = data.NormalizerMinMax()
    kept = data.DataSetIterator(_CountingBatches(t.to_batches(max_chunksize=70)), label="y",
                                shuffle=True, seed=2, normalizer=norm)
    for _ in range(2):
        x = np.concatenate([x for x, _ in kept]).ravel()
        assert x.min() == 0.0 and x.max() == 1.0


def test_regression_masks_and_string_classes():
    t = pa.table({"x": [1.0, 2.0, 3.0], "t1": [0.1, 0.2, 0.3], "t2": [1, 2, 3],
                  "w": [1.0, 0.0, 1.0], "c": ["b", "a", "b"]})
    b = next(iter(data.DataSetIterator(t, label=["t1", "t2"], features=["x"], mask="w")))
    assert b[1].shape == (3, 2) and b.labels_mask.tolist() == [1.0, 0.0, 1.0]
    _, y = next(iter(data.DataSetIterator(t, label="c", features=["x"], classes=["a", "b"])))
    assert y.tolist() == [[0, 1], [1, 0], [0, 1]]
    with pytest.raises(ValueError, match="not in classes"):
        next(iter(data.DataSetIterator(t, label="c", features=["x"], classes=["a"])))
    bad = pa.table({"x": [1.0, None], "y": [0, 1]})
    with pytest.raises(ValueError, match="'x' has 1 missing"):
        next(iter(data.DataSetIterator(bad, label="y")))
    with pytest.raises(ValueError, match=r"outside 0\.\.1"):
        next(iter(data.DataSetIterator(pa.table({"x": [1.0], "y": [2]}), label="y",
                                       num_classes=2)))


def test_sequences_are_padded_with_masks():
    seqs = pa.array([[1.0, 2.0, 3.0], [4.0], [5.0, 6.0]], pa.list_(pa.float32()))
    t = pa.table({"s": seqs, "y": [0, 1, 1]})
    b = next(iter(data.DataSetIterator(t, label="y", num_classes=2, sequence=True)))
    assert b[0].shape == (3, 3, 1)
    assert b[0][:, :, 0].tolist() == [[1, 2, 3], [4, 0, 0], [5, 6, 0]]
    assert b.features_mask.tolist() == [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
    t2 = pa.table({"s": seqs, "tags": pa.array([[1.0, 0, 1], [0.0], [1.0, 1]])})
    b2 = next(iter(data.DataSetIterator(t2, label="tags", sequence=True, max_length=2)))
    assert b2[1].shape == (3, 2, 1) and b2.labels_mask.tolist() == [[1, 1], [1, 0], [1, 1]]


def test_prefetch_runs_ahead_and_forwards_errors():
    def slow_batches():
        for i in range(6):
            time.sleep(0.02)
            yield pa.record_batch({"x": np.full(10, i, np.float32), "y": np.zeros(10)})

    class Source:
        def __iter__(self):
            return slow_batches()

    it = data.DataSetIterator(Source(), label="y", batch_size=10, prefetch=4)
    epoch = iter(it)
    time.sleep(0.3)  # the producer fills the queue meanwhile
    t0 = time.perf_counter()
    firsts = [next(epoch)[0][0, 0] for _ in range(4)]
    assert time.perf_counter() - t0 < 0.05 and firsts == [0, 1, 2, 3]

    def broken():
        yield pa.record_batch({"x": [1.0], "y": [0.0]})
        raise OSError("disk gone")

    class Broken:
        def __iter__(self):
            return broken()

    with pytest.raises(OSError, match="disk gone"):
        list(data.DataSetIterator(Broken(), label="y", prefetch=2))


def test_train_test_split_and_k_fold():
    t = _table(200)
    train, test = data.train_test_split(t, 0.25, seed=3)
    assert (train.num_rows, test.num_rows) == (150, 50)
    both = np.sort(np.concatenate([train.column("a").to_numpy(), test.column("a").to_numpy()]))
    np.testing.assert_array_equal(both, np.sort(t.column("a").to_numpy()))
    _, s_test = data.train_test_split(t, 0.25, seed=3, stratify="y")
    share = np.bincount(s_test.column("y").to_numpy()) / np.bincount(t.column("y").to_numpy())
    assert np.all(np.abs(share - 0.25) < 0.03)
    folds = list(data.k_fold(t, 4, seed=0))
    assert len(folds) == 4 and all(tr.num_rows + va.num_rows == 200 for tr, va in folds)
    seen = np.concatenate([va.column("a").to_numpy() for _, va in folds])
    assert len(np.unique(seen)) == 200


def _blobs(n=400, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    centres = np.array([[0, 0], [3, 3], [-3, 3]])
    x = centres[y] + rng.normal(size=(n, 2))
    x = x * [100.0, 0.01] + [500.0, -2.0]  # badly scaled on purpose
    return pa.table({"f1": x[:, 0], "f2": x[:, 1], "species": y}), x, y


def test_fit_with_iterator_attaches_normalizer_and_transform(tmp_path):
    table, x, y = _blobs()
    transform = '{"version": 1, "steps": ["demo"]}'
    table = table.replace_schema_metadata({b"pybridge.transform": transform.encode()})
    norm = data.NormalizerStandardize()
    it = data.DataSetIterator(table, label="species", num_classes=3, batch_size=32,
                              shuffle=True, seed=1, prefetch=4, normalizer=norm)
    assert norm.fitted and it.transform_json == transform
    with nn.Sequential([nn.Dense(16, activation="relu"), nn.Output(3)], input_shape=(2,),
                       updater=nn.Adam(0.02), seed=1) as model:
        history = model.fit(it, epochs=8, verbose=0)
        assert history["loss"][-1] < 0.3
        assert 0 <= model.last_fit_stats["data_wait_fraction"] < 1
        assert model.normalizer == norm and model.transform == transform
        raw = model.predict(x)  # raw features in: the model normalises them
        assert (raw.argmax(1) == y).mean() > 0.9
        model.save(tmp_path / "m.zip")
    with nn.load(tmp_path / "m.zip") as back:
        assert back.normalizer == norm and back.transform == transform
        np.testing.assert_allclose(back.predict(x), raw, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="one-shot"), \
            nn.Sequential([nn.Output(3)], input_shape=(2,)) as m:
        m.fit(iter([(x, y)]), epochs=2, verbose=0)


def test_fit_stream_from_csv_with_masks(tmp_path):
    table, _, _ = _blobs(300)
    w = np.ones(300)
    w[::2] = 0.0
    table = table.append_column("w", pa.array(w))
    import pyarrow.csv as pacsv

    pacsv.write_csv(table, tmp_path / "d.csv")
    stream = data.scan_csv(tmp_path / "d.csv", block_size=2048)
    it = data.DataSetIterator(stream, label="species", num_classes=3, mask="w", batch_size=50,
                              shuffle=True, shuffle_buffer=120, seed=2,
                              normalizer=data.NormalizerMinMax())
    with nn.Sequential([nn.Dense(8, activation="tanh"), nn.Output(3)], input_shape=(2,),
                       updater=nn.Adam(0.02), seed=3) as model:
        model.fit(it, epochs=3, verbose=0)
        assert model.iteration_count == 18
        assert isinstance(model.normalizer, data.NormalizerMinMax)


def test_numpy_source_tensors_and_untouched_inputs():
    import pybridge as pb

    x = np.arange(12, dtype=np.float32).reshape(6, 2)
    before = x.copy()
    it = data.DataSetIterator((x, np.array([0, 1, 2, 0, 1, 2])), num_classes=3, batch_size=4,
                              normalizer=data.NormalizerStandardize())
    for _ in range(2):
        xs = np.concatenate([b[0] for b in it])
        np.testing.assert_allclose(xs.mean(0), 0, atol=1e-6)
    np.testing.assert_array_equal(x, before)
    tensors = data.DataSetIterator(pa.table({"x": x[:, 0], "y": x[:, 1]}), label="y",
                                   batch_size=6, as_tensors=True)
    tx, ty = next(iter(tensors))
    try:
        assert isinstance(tx, pb.NDArray) and tx.shape == (6, 1)
        np.testing.assert_array_equal(ty.numpy().ravel(), x[:, 1])
    finally:
        tx.close()
        ty.close()


def test_image_folder_to_training(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(0)
    for cls, level in (("dark", 40), ("light", 210)):
        (tmp_path / cls).mkdir()
        for i in range(12):
            px = np.clip(rng.normal(level, 20, size=(8, 8)), 0, 255).astype(np.uint8)
            Image.fromarray(px).save(tmp_path / cls / f"{i}.png")
    table = data.read_images(tmp_path, channels=1)
    it = data.DataSetIterator(table, label="label", features=["image"], num_classes=2,
                              batch_size=8, shuffle=True, seed=0,
                              normalizer=data.ImagePreProcessingScaler())
    x0 = next(iter(it))[0]
    assert x0.shape == (8, 64) and x0.min() >= 0 and x0.max() <= 1
    with nn.Sequential([nn.Dense(8, activation="tanh"), nn.Output(2)], input_shape=(64,),
                       updater=nn.Adam(0.01), seed=0) as model:
        model.fit(it, epochs=10, verbose=0)
        raw = data.image_array(table).reshape(24, 64)  # uint8 pixels, scaled by the model
        acc = (model.predict(raw).argmax(1) == table.column("label").to_numpy()).mean()
        assert acc == 1.0


def test_abandoned_epoch_stops_its_producer_thread():
    import gc

    t = pa.table({"x": np.arange(10000, dtype=np.float32), "y": np.zeros(10000)})
    it = data.DataSetIterator(t.to_batches(max_chunksize=100), label="y", batch_size=10,
                              prefetch=2)
    epoch = iter(it)
    next(epoch)
    thread = epoch._thread
    assert thread.is_alive()
    del epoch
    gc.collect()
    thread.join(timeout=2)
    assert not thread.is_alive()
