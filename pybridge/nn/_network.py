"""``MultiLayerNetwork`` and ``Sequential``: Python handles on the Java network, trained in Java.

Data crosses without copies where it can: numpy features and labels are wrapped in place
(after a dtype conversion when the network computes in another float type), predictions come
back as numpy views over JVM memory that own their Java handle.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import jpype
import numpy as np
from jpype import JException, JImplements, JOverride

from .. import _jvm
from .._bridge import wrap_numpy
from .._errors import InvalidArgumentError, PyBridgeError, ShapeError, java_errors, translate
from .._tensor import NDArray, wrap
from ._callbacks import Callback, ListenerBridge
from ._config import NeuralNetConfiguration, _shape_text
from ._evaluation import Evaluation, RegressionEvaluation
from ._feeder import Feeder, one_shot_check, queue_depth
from ._layers import Layer
from ._small import SmallBuffers
from ._updaters import Updater

__all__ = ["MultiLayerNetwork", "Sequential", "load"]

_classes: dict[str, Any] = {}


def _java(name: str) -> Any:
    cls = _classes.get(name)
    if cls is None:
        _jvm.ensure_started()
        qualified = name if "." in name else "org.pybridge.nn." + name
        cls = _classes[name] = jpype.JClass(qualified)
    return cls


def _path(path: str | os.PathLike[str]) -> Any:
    return _java("java.nio.file.Paths").get(os.fspath(path), jpype.JArray(jpype.JString)([]))


# predict copies inputs up to this size into buffers lent to the JVM once (cheaper than
# lending each input and returning a new tensor).
_SMALL_INPUT_BYTES = 64 * 1024


class _Handles:
    """Java handles made for one call, all closed at the end of the ``with`` block."""

    def __init__(self) -> None:
        self._open: list[Any] = []

    def __enter__(self) -> _Handles:
        return self

    def __exit__(self, *exc: Any) -> None:
        for h in reversed(self._open):
            try:  # noqa: SIM105 - closing must go on even if one handle fails
                h.close()
            except JException:
                pass
        self._open.clear()

    def add(self, handle: Any) -> Any:
        self._open.append(handle)
        return handle


def _shape_of(a: Any) -> tuple[int, ...]:
    return tuple(a.shape)


def _as_java(a: Any, dtype: np.dtype[Any] | None, handles: _Handles, what: str) -> Any:
    """A new Java handle over ``a`` (numpy, pb.NDArray or array-like), cast to ``dtype``."""
    if isinstance(a, NDArray):
        if dtype is not None and a.dtype != dtype:
            from .._dtypes import java_dtype

            try:
                return handles.add(a._j.cast(java_dtype(dtype)))
            except JException as e:
                raise translate(e) from None
        try:
            return handles.add(a._j.share())
        except JException as e:
            raise translate(e) from None
    arr = np.asarray(a)
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype)
    if arr.dtype.kind not in "biuf":
        raise InvalidArgumentError(f"{what} must be numeric, got an array of {arr.dtype}.")
    if any(s % arr.itemsize for s in arr.strides):
        arr = np.ascontiguousarray(arr)
    return handles.add(wrap_numpy(arr, what))


class _Closed:
    """Stands in for the Java network after ``close()``: any use explains itself."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise PyBridgeError("This network is closed; its parameters were released. Load it "
                            "again with nn.load(path) or build a new one.")

    def __bool__(self) -> bool:
        return False


_CLOSED = _Closed()


class MultiLayerNetwork:
    """A network built from a :class:`NeuralNetConfiguration`, trained and run on the JVM.

    It owns JVM memory (parameters, optimizer state): ``close()`` it, or use ``with``; garbage
    collection also releases it. Methods follow Keras (``fit``, ``predict``, ``evaluate``) and
    DL4J (``output``, ``score``, ``params``, ``summary``)::

        >>> from pybridge import nn
        >>> conf = (nn.NeuralNetConfiguration.builder().seed(7).list()
        ...         .layer(nn.Dense(n_in=3, n_out=4)).layer(nn.Output(n_out=2)).build())
        >>> with nn.MultiLayerNetwork(conf) as net:
        ...     net.num_params()
        26
    """

    def __init__(self, conf: NeuralNetConfiguration | str | Any, *, _java_net: Any = None
                 ) -> None:
        self._j: Any = None
        self.last_fit_stats: dict[str, float] = {}
        if _java_net is not None:
            self._j = _java_net
            self._conf = NeuralNetConfiguration.from_json(str(_java_net.conf().toJson()))
            return
        if isinstance(conf, str):
            conf = NeuralNetConfiguration.from_json(conf)
        if not isinstance(conf, NeuralNetConfiguration):
            raise InvalidArgumentError(f"MultiLayerNetwork takes an nn.NeuralNetConfiguration "
                                       f"(or its JSON), got {type(conf).__name__}.")
        self._conf = conf
        try:
            jconf = _java("NeuralNetConfiguration").fromJson(conf.to_json())
            net = _java("MultiLayerNetwork")(jconf)
            net.init()
        except JException as e:
            raise translate(e) from None
        self._j = net

    # ------------------------------------------------------------------ properties

    @property
    def java(self) -> Any:
        """The Java ``org.pybridge.nn.MultiLayerNetwork``."""
        return self._j

    @property
    def config(self) -> NeuralNetConfiguration:
        """The configuration."""
        return self._conf

    conf = config

    def to_json(self) -> str:
        """The configuration's canonical JSON text."""
        return self._conf.to_json()

    @property
    def iteration_count(self) -> int:
        """Training steps done over the network's whole life (saves included)."""
        return int(self._j.getIterationCount())

    @property
    def epoch_count(self) -> int:
        """Completed epochs over the network's whole life."""
        return int(self._j.getEpochCount())

    # Cached: the configuration is fixed for a network's life, and reading it copies its layer
    # dicts (too slow for every batch the feeder converts).
    @cached_property
    def _float(self) -> np.dtype[Any]:
        return np.dtype(self._conf.data_type)

    @cached_property
    def _output_size(self) -> int:
        size = self._conf.input_shape[-1] if self._conf.input_shape else 1
        for layer in self._conf.layers:
            if "n_out" in layer and layer["type"] != "batch_normalization":
                size = layer["n_out"]
        return size

    @cached_property
    def _ids_input(self) -> bool:
        return self._conf.layers[0]["type"] == "embedding"

    # ------------------------------------------------------------------ conversions

    @cached_property
    def _example_output_shape(self) -> tuple[int, ...] | None:
        """The shape of one example's output, or None when no small-input path applies."""
        if self._ids_input or self._float not in (np.float32, np.float64):
            return None
        jconf = self._j.conf()
        return tuple(int(d) for d in jconf.outputShape(jconf.numLayers() - 1))

    @cached_property
    def _small_buffers(self) -> SmallBuffers:
        out_shape = self._example_output_shape
        assert out_shape is not None
        return SmallBuffers(self._float, tuple(self._conf.input_shape), out_shape)

    def _predict_small(self, x: np.ndarray) -> np.ndarray:
        """predict for a few examples: copied into reused buffers, one JVM call."""
        self._check_features(tuple(x.shape), "x")
        output = self._j.output  # a closed network explains itself here, before any buffer
        rows = int(x.shape[0])
        pool = self._small_buffers
        entry = pool.take(rows)
        try:
            np.copyto(entry[0], x, casting="unsafe")
            try:
                output(entry[2], entry[3])
            except JException as e:
                raise translate(e) from None
            return entry[1].copy()
        finally:
            pool.give(rows, entry)

    def _features(self, x: Any, handles: _Handles, what: str = "x") -> Any:
        shape = _shape_of(x) if hasattr(x, "shape") else np.shape(x)
        self._check_features(tuple(shape), what)
        dtype = None if self._ids_input else self._float
        return _as_java(x, dtype, handles, what)

    def _check_features(self, shape: tuple[int, ...], what: str) -> None:
        want = self._conf.input_shape
        flat_ids = len(shape) == 1 and want == (1,)
        if not flat_ids and tuple(shape[1:]) != want:
            first = self._conf.layers[0]
            name = "" if first.get("name") is None else f" {first['name']!r}"
            raise ShapeError(
                f"Layer 0 ({first['type']}{name}) expects input batches of shape "
                f"(n, {', '.join(map(str, want))}) (input_shape {_shape_text(want)}), but {what} "
                f"has shape {_shape_text(tuple(shape))}; reshape the data or fix the "
                f"network's input_shape.")

    def _labels(self, y: Any, n: int, handles: _Handles, what: str = "y") -> Any:
        shape = _shape_of(y) if hasattr(y, "shape") else np.shape(y)
        if len(shape) == 0 or shape[0] != n:
            raise ShapeError(
                f"{what} has shape {_shape_text(tuple(shape))} but the features hold {n} "
                f"examples; give one label row (one-hot) or class id per example.")
        k = self._output_size
        if (len(shape) == 2 and shape[1] not in (1, k)) or len(shape) > 2:
            last = self._conf.layers[-1]
            name = "" if last.get("name") is None else f" {last['name']!r}"
            raise ShapeError(
                f"Layer {len(self._conf.layers) - 1} ({last['type']}{name}) outputs (n, {k}), "
                f"but {what} has shape {_shape_text(tuple(shape))}; give labels of shape "
                f"(n, {k}) (one-hot) or class ids of shape (n,).")
        kind = y.dtype.kind if hasattr(y, "dtype") else np.asarray(y).dtype.kind
        dtype = self._float if kind == "f" else None
        return _as_java(y, dtype, handles, what)

    def _dataset(self, batch: Any) -> Any:
        """A Java ``DataSet`` over one ``(features, labels)`` batch (with the masks of a
        ``data.Batch``); whoever takes it closes it (the trainer does, after the step)."""
        if not isinstance(batch, (tuple, list)) or len(batch) != 2:
            raise InvalidArgumentError(f"Each batch must be a (features, labels) pair, got "
                                       f"{type(batch).__name__}.")
        handles = _Handles()
        try:
            jx = self._features(batch[0], handles, "batch features")
            jy = self._labels(batch[1], int(jx.shape()[0]), handles, "batch labels")
            masks = [getattr(batch, name, None) for name in ("features_mask", "labels_mask")]
            jmasks = [None if m is None else _as_java(m, self._float, handles, name)
                      for m, name in zip(masks, ("features mask", "labels mask"), strict=True)]
            return _java("DataSet")(jx, jy, *jmasks)
        except BaseException:
            handles.__exit__(None, None, None)  # a half-converted batch leaves nothing open
            raise

    # ------------------------------------------------------------------ training

    def fit(self, x: Any, y: Any = None, *, epochs: int = 1, batch_size: int = 32,
            shuffle: bool = True, validation_data: tuple[Any, Any] | None = None,
            callbacks: Sequence[Callback] = (), verbose: int = 1) -> dict[str, list[float]]:
        """Trains the network on the JVM; returns the history ``{"loss": [...], "val_loss": ...}``.

        Args:
            x: features (numpy or pb arrays, shape ``(n, *input_shape)``), or an iterable of
                ``(features, labels)`` batches (then ``y`` is None, the batches are used as
                they come, so ``batch_size`` and ``shuffle`` do not apply; it is iterated once
                per epoch, so pass a re-iterable such as a list for several epochs).
            y: one-hot labels shaped like the output, or class ids of shape ``(n,)`` for
                ``mcxent``/``sparse_mcxent``/``negativeloglikelihood`` outputs.
            epochs, batch_size, shuffle: passes over the data, minibatch size, reshuffling
                each epoch (with the network's seeded generator).
            validation_data: ``(x_val, y_val)`` scored after each epoch (``val_loss``).
            callbacks: :class:`Callback` instances receiving the training events.
            verbose: 1 shows a progress bar per epoch (loss, examples/s); 0 is silent.

        Any iterable of batches (a list, a generator, a ``data.DataSetIterator``) is read on a
        background thread named ``pybridge-feeder``: it iterates the source pass after pass,
        converts each batch to a Java batch and queues it (up to 4 ready, or the iterator's
        ``prefetch`` if larger), so the training loop never waits for Python between steps
        (a ``data.DataSetIterator`` produces its batches right on that thread, instead of on
        a prefetch thread of its own).
        The source is thus iterated on another thread, a few batches ahead of training, and
        only ever by that one thread; an error it raises (or a malformed batch) is raised by
        ``fit`` unchanged, after the batches before it were trained on. If training stops
        early, the feeder stops and the batches it prepared are released.

        A ``data.DataSetIterator`` as ``x`` also hands the model its normalizer (then
        :meth:`predict` takes raw features) and the transform JSON its table carries. After
        the call, ``model.last_fit_stats`` holds ``seconds``, ``data_wait_s`` (time the trainer
        spent blocked waiting for the next batch) and ``data_wait_fraction``.

        >>> import numpy as np
        >>> from pybridge import nn
        >>> model = nn.Sequential([nn.Output(2, activation="softmax")], input_shape=(3,))
        >>> batches = [(np.ones((4, 3), "float32"), np.array([0, 1, 0, 1]))] * 2
        >>> len(model.fit(batches, epochs=2, verbose=0)["loss"])
        2
        >>> model.close()
        """
        if isinstance(epochs, bool) or not isinstance(epochs, int) or epochs < 0:
            raise InvalidArgumentError(f"epochs must be an integer >= 0, got {epochs!r}.")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise InvalidArgumentError(f"batch_size must be an integer >= 1, got "
                                       f"{batch_size!r}.")
        callbacks = list(callbacks)
        for c in callbacks:
            if not isinstance(c, Callback):
                raise InvalidArgumentError(f"callbacks must be nn.Callback instances, got "
                                           f"{type(c).__name__}.")
            c.set_model(self)
        batches = y is None and not hasattr(x, "shape")
        if y is None and not batches:
            raise InvalidArgumentError("fit(x, y) needs labels y (or pass an iterable of "
                                       "(features, labels) batches as x).")
        n = None if batches else int(_shape_of(x)[0])
        bridge = ListenerBridge(callbacks, verbose, epochs, n)
        feeder: Feeder | None = None
        validation_source: _Batches | None = None
        with _Handles() as handles:
            if validation_data is not None and (
                    not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2):
                raise InvalidArgumentError("validation_data must be a tuple (x_val, y_val).")
            if batches:
                first = one_shot_check(x, epochs)
                self._attach_preprocessing(x)
                feeder = Feeder(_java("QueuedDataSetIterator"), x, first, epochs,
                                self._dataset, queue_depth(x))
                java_args: tuple[Any, ...] = (feeder.queue, epochs)
                if validation_data is not None:
                    validation_source = _Batches(self, [tuple(validation_data)])
                    java_args = (feeder.queue, epochs, validation_source)
            else:
                jx = self._features(x, handles)
                jy = self._labels(y, n, handles)  # type: ignore[arg-type]
                validation = None
                if validation_data is not None:
                    xv = self._features(validation_data[0], handles, "validation x")
                    yv = self._labels(validation_data[1], int(xv.shape()[0]), handles,
                                      "validation y")
                    validation = handles.add(_java("DataSet")(xv.share(), yv.share()))
                java_args = (jx, jy, epochs, batch_size, bool(shuffle), validation)
            before = list(self._j.getListeners())
            started = time.perf_counter()
            try:
                for c in callbacks:
                    c.on_train_begin({})
                self._j.addListeners(bridge.relay(_java("org.pybridge.nn.internal.EventRelay")))
                started = time.perf_counter()
                if feeder is not None:
                    feeder.start()
                self._j.fit(*java_args)
            except JException as e:
                errors = [bridge.error, feeder and feeder.error,
                          validation_source and validation_source.error]
                error = next((err for err in errors if err is not None), None)
                if error is not None:
                    raise error from None
                raise translate(e) from None
            finally:
                elapsed = time.perf_counter() - started
                if feeder is not None:
                    # Stops the feeder when training ended early; queued batches are closed.
                    waited = feeder.wait_s
                    feeder.close()
                else:
                    waited = 0.0
                self.last_fit_stats = {"seconds": elapsed, "data_wait_s": waited,
                                       "data_wait_fraction": waited / elapsed if elapsed else 0.0}
                bridge.close()
                self._j.setListeners(jpype.JArray(_java("TrainingListener"))(before))
        logs = {k: v[-1] for k, v in bridge.history.items() if v}
        for c in callbacks:
            c.on_train_end(logs)
        return bridge.history

    def _attach_preprocessing(self, source: Any) -> None:
        """A data.DataSetIterator's normalizer and transform (from its table's
        ``pybridge.transform`` metadata) travel with the model."""
        norm = getattr(source, "normalizer", None)
        if norm is not None and hasattr(norm, "to_json"):
            self.normalizer = norm
        transform = getattr(source, "transform_json", None)
        if isinstance(transform, str):
            self.transform = transform

    # ------------------------------------------------------------------ preprocessing

    @property
    def normalizer(self) -> Any:
        """The ``data`` normalizer that :meth:`predict` (and Java's ``output``) applies to raw
        features, or None; saved in the model file as ``normalizer.json``.

        ``model.fit(iterator)`` sets it from ``iterator.normalizer``; set it yourself when
        training on arrays you normalised::

            model.normalizer = data.NormalizerStandardize().fit(x_train)
        """
        j = self._j.getNormalizer()
        if j is None:
            return None
        from ..data import normalizer_from_json

        return normalizer_from_json(str(j.toJson()))

    @normalizer.setter
    def normalizer(self, value: Any) -> None:
        if value is None:
            self._j.setNormalizer(None)
            return
        if not hasattr(value, "to_json"):
            raise InvalidArgumentError(f"normalizer must be a data.Normalizer (or None), got "
                                       f"{type(value).__name__}.")
        try:
            jnorm = _java("org.pybridge.nn.preprocess.Normalizer").fromJson(value.to_json())
            self._j.setNormalizer(jnorm)
        except JException as e:
            raise translate(e) from None

    @property
    def transform(self) -> str | None:
        """The data transform JSON stored with the model (``transform.json``), or None.

        Set it to a JSON string or an object with ``to_json()`` (a TransformProcess);
        ``model.fit(iterator)`` sets it from the table's ``pybridge.transform`` metadata.
        """
        j = self._j.transformJson()
        return None if j is None else str(j)

    @transform.setter
    def transform(self, value: Any) -> None:
        if value is not None and not isinstance(value, str):
            if not hasattr(value, "to_json"):
                raise InvalidArgumentError(f"transform must be a JSON string or have "
                                           f"to_json(), got {type(value).__name__}.")
            value = value.to_json()
        self._j.setTransformJson(value)

    # ------------------------------------------------------------------ inference

    def predict(self, x: Any, out: Any = None) -> Any:
        """The network's output for ``x`` (inference mode) as a numpy array.

        A few examples (a numpy array of up to 64 KiB) are copied into input and output
        buffers that the network keeps lent to the JVM, so a prediction is one JVM call that
        creates no object, the cheapest path for serving single requests; the result is a new
        numpy array. Larger inputs are shared without a copy, and the result is then a
        zero-copy view of JVM memory that keeps that memory alive on its own.

        ``out``, a writable float numpy array or ``pb.NDArray`` of the output's shape,
        receives the output instead and is returned. With ``x`` and ``out`` both pb tensors
        kept across calls, a prediction is one JVM call that creates no object: the lowest
        overhead for a service that reuses its buffers.

        >>> model.predict(x_test[:1]).shape  # doctest: +SKIP
        (1, 10)
        >>> xs = pb.from_numpy(row)  # doctest: +SKIP
        >>> ys = pb.from_numpy(np.empty((1, 10), np.float32))  # doctest: +SKIP
        >>> model.predict(xs, out=ys)  # doctest: +SKIP
        """
        if out is not None:
            return self._predict_into(x, out)
        if (isinstance(x, np.ndarray) and x.ndim >= 2 and 0 < x.nbytes <= _SMALL_INPUT_BYTES
                and x.dtype.kind in "fiub" and self._example_output_shape is not None):
            return self._predict_small(x)
        with _Handles() as handles:
            jx = self._features(x, handles)
            try:
                out = self._j.output(jx)
            except JException as e:
                raise translate(e) from None
        t = wrap(out)
        try:
            return t.numpy()
        finally:
            t.close()

    output = predict

    def _predict_into(self, x: Any, out: Any) -> Any:
        if isinstance(x, NDArray) and isinstance(out, NDArray) and x.dtype == self._float:
            try:  # the serving loop's path: no handles made, nothing returned
                self._j.output(x._j, out._j)
            except JException as e:
                raise translate(e) from None
            return out
        if isinstance(out, np.ndarray) and not (out.flags.writeable and out.dtype.kind == "f"):
            raise InvalidArgumentError(
                f"out must be a writable float array to receive the output, got a "
                f"{'read-only ' if not out.flags.writeable else ''}{out.dtype} array; pass "
                f"np.empty(shape, np.float32) or leave out= unset.")
        if not isinstance(out, (np.ndarray, NDArray)):
            raise InvalidArgumentError(f"out must be a numpy array or pb.NDArray, got "
                                       f"{type(out).__name__}.")
        with _Handles() as handles:
            jx = self._features(x, handles)
            jout = out._j if isinstance(out, NDArray) else handles.add(wrap_numpy(out, "out"))
            try:
                self._j.output(jx, jout)
            except JException as e:
                raise translate(e) from None
        return out

    @java_errors
    def score(self, x: Any = None, y: Any = None) -> float:
        """The loss of ``(x, y)`` in inference mode, regularisation included; without
        arguments, the loss of the last training minibatch."""
        if x is None and y is None:
            return float(self._j.score())
        with _Handles() as handles:
            jx = self._features(x, handles)
            jy = self._labels(y, int(jx.shape()[0]), handles)
            with _java("DataSet")(jx.share(), jy.share()) as batch:
                return float(self._j.score(batch))

    @java_errors
    def evaluate(self, x: Any, y: Any, top_n: int = 1) -> Evaluation:
        """Classification metrics of the predictions for ``x`` against ``y`` (one-hot rows or
        class ids); ``top_n`` sets what :meth:`Evaluation.top_n_accuracy` counts."""
        with _Handles() as handles:
            jx = self._features(x, handles)
            jy = self._labels(y, int(jx.shape()[0]), handles)
            if top_n == 1:
                return Evaluation(self._j.evaluate(jx, jy))
            out = handles.add(self._j.output(jx))
            k = int(out.shape()[out.ndim() - 1])
            ev = _java("Evaluation")(k, int(top_n))
            ev.eval(jy, out)
            return Evaluation(ev)

    @java_errors
    def evaluate_regression(self, x: Any, y: Any) -> RegressionEvaluation:
        """Regression metrics (MSE, MAE, RMSE, R^2 per column) of the predictions for ``x``."""
        with _Handles() as handles:
            jx = self._features(x, handles)
            jy = self._labels(y, int(jx.shape()[0]), handles)
            return RegressionEvaluation(self._j.evaluateRegression(jx, jy))

    # ------------------------------------------------------------------ parameters

    @java_errors
    def params(self) -> dict[str, NDArray]:
        """The parameters by DL4J key (``"0_W"``, ``"0_b"``, ``"1_gamma"``...), in layer order.

        Each value is a view of the live parameter: writing into it (or into its ``.numpy()``)
        changes the network. Each view holds its own handle, released when it is closed or
        garbage collected; the memory stays valid while a view lives, even after ``close()``
        of the network.
        """
        jmap = self._j.params()
        return {str(k): wrap(jmap.get(k)) for k in jmap.keySet()}

    @java_errors
    def set_params(self, values: dict[str, Any]) -> None:
        """Copies values (numpy or pb arrays) into every parameter; keys and shapes must match
        :meth:`params`."""
        with _Handles() as handles:
            jmap = _java("java.util.LinkedHashMap")()
            for k, v in values.items():
                jmap.put(str(k), _as_java(v, None, handles, f"parameter {k!r}"))
            self._j.setParams(jmap)

    @java_errors
    def num_params(self) -> int:
        """The number of parameter values (batch-norm running statistics included)."""
        return int(self._j.numParams())

    @java_errors
    def summary(self) -> str:
        """A table of layers: type, input and output shapes, parameter counts and totals."""
        return str(self._j.summary())

    # ------------------------------------------------------------------ files and lifetime

    @java_errors
    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the model file (config, parameters, optimizer and training state), atomically.

        Training resumes exactly after :func:`load`; Java services load the same file with
        ``MultiLayerNetwork.load(path)``.
        """
        self._j.save(_path(path))

    @staticmethod
    @java_errors
    def load(path: str | os.PathLike[str]) -> MultiLayerNetwork:
        """Reads a model file written by :meth:`save` (in Python or Java)."""
        if not os.path.exists(path):
            raise FileNotFoundError(f"No model file at {os.fspath(path)!r}.")
        return MultiLayerNetwork(None, _java_net=_java("MultiLayerNetwork").load(_path(path)))

    def close(self) -> None:
        """Releases the parameters and optimizer state (idempotent)."""
        j, self._j = self.__dict__.get("_j"), _CLOSED
        if j is not None and j is not _CLOSED and _jvm.alive():
            buffers = self.__dict__.get("_small_buffers")
            if buffers is not None:
                buffers.close()
            j.close()

    @property
    def closed(self) -> bool:
        return self._j is _CLOSED

    def __enter__(self) -> MultiLayerNetwork:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        # Plain try (not contextlib.suppress): finalizers may run while modules unload.
        try:  # noqa: SIM105
            self.close()
        except BaseException:
            pass

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.num_params()} parameters"
        return f"<nn.MultiLayerNetwork {len(self._conf.layers)} layers, {state}>"

    def __str__(self) -> str:
        return repr(self) if self.closed else self.summary()


class Sequential(MultiLayerNetwork):
    """A network from a list of layers, Keras-style; the configuration (and its JSON) is the
    one the DL4J-style builder makes from the same settings.

    >>> from pybridge import nn
    >>> with nn.Sequential([nn.Dense(16, activation="relu"), nn.Output(3)],
    ...                    input_shape=(8,), updater=nn.Adam(1e-3), seed=1) as model:
    ...     model.config.layers[0]["n_in"]
    8
    """

    def __init__(self, layers: Iterable[Layer], *, input_shape: Any = None,
                 updater: Updater | None = None, seed: int | None = None, l1: float = 0.0,
                 l2: float = 0.0, weight_decay: float = 0.0, regularize_bias: bool = False,
                 activation: Any = None, weight_init: Any = None,
                 bias_init: float | None = None, dropout: float | None = None,
                 data_type: str = "float32") -> None:
        self._j = None
        b = NeuralNetConfiguration.builder().seed(seed).data_type(data_type)
        if updater is not None:
            b.updater(updater)
        b.l1(l1).l2(l2).weight_decay(weight_decay).regularize_bias(regularize_bias)
        if activation is not None:
            b.activation(activation)
        if weight_init is not None:
            b.weight_init(weight_init)
        if bias_init is not None:
            b.bias_init(bias_init)
        if dropout is not None:
            b.dropout(dropout)
        lb = b.list(*layers)
        if input_shape is not None:
            lb.input_shape(input_shape)
        super().__init__(lb.build())


def load(path: str | os.PathLike[str]) -> MultiLayerNetwork:
    """Reads a model file written by ``model.save`` (Python) or ``net.save`` (Java).

    >>> from pybridge import nn
    >>> nn.load("no-such-model.zip")
    Traceback (most recent call last):
    ...
    FileNotFoundError: No model file at 'no-such-model.zip'.
    """
    return MultiLayerNetwork.load(path)


@JImplements("org.pybridge.nn.DataSetIterator", deferred=True)
class _Batches:
    """A Java ``DataSetIterator`` over a Python iterable of ``(features, labels)`` batches,
    called back from the trainer's thread (used for validation batches)."""

    def __init__(self, net: MultiLayerNetwork, source: Any) -> None:
        self._net = net
        self._source = source
        self._it = iter(source)
        self._next: Any = None
        self.error: BaseException | None = None

    @JOverride
    def hasNext(self) -> bool:
        if self._next is None:
            try:
                self._next = next(self._it, None)
            except BaseException as e:
                self.error = e
                raise
        return self._next is not None

    @JOverride
    def next(self) -> Any:
        if not self.hasNext():
            raise StopIteration
        batch, self._next = self._next, None
        try:
            return self._net._dataset(batch)
        except BaseException as e:
            self.error = e
            raise

    @JOverride
    def reset(self) -> None:
        self._it = iter(self._source)
        self._next = None
