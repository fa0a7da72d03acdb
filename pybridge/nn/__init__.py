"""Neural networks: define in Python (Keras- or DL4J-style), train on the JVM.

>>> import numpy as np
>>> from pybridge import nn
>>> model = nn.Sequential([nn.Dense(8, activation="relu"), nn.Output(2, activation="softmax")],
...                       input_shape=(4,), updater=nn.Adam(1e-2), seed=1)
>>> x = np.random.default_rng(0).normal(size=(32, 4)).astype(np.float32)
>>> y = (x[:, 0] > 0).astype(np.int64)
>>> history = model.fit(x, y, epochs=2, batch_size=8, verbose=0)
>>> sorted(history)
['loss']
>>> model.predict(x).shape
(32, 2)
>>> model.close()
"""

from . import distribution
from ._callbacks import Callback
from ._config import NeuralNetConfiguration
from ._evaluation import Evaluation, RegressionEvaluation
from ._layers import (
    ActivationLayer,
    BatchNormalization,
    Dense,
    Dropout,
    Embedding,
    Layer,
    LossLayer,
    Output,
)
from ._network import MultiLayerNetwork, Sequential, load
from ._updaters import (
    AdaBelief,
    AdaDelta,
    AdaGrad,
    Adam,
    AdaMax,
    AmsGrad,
    Nadam,
    Nesterovs,
    NoOp,
    RmsProp,
    Sgd,
    Updater,
)
from ._values import ACTIVATIONS, LOSSES, WEIGHT_INITS, ActivationFunction, Distribution, activation

Loss = LossLayer
Activation = ActivationLayer
DropoutLayer = Dropout

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "WEIGHT_INITS",
    "Activation",
    "ActivationFunction",
    "ActivationLayer",
    "AdaBelief",
    "AdaDelta",
    "AdaGrad",
    "AdaMax",
    "Adam",
    "AmsGrad",
    "BatchNormalization",
    "Callback",
    "Dense",
    "Distribution",
    "Dropout",
    "DropoutLayer",
    "Embedding",
    "Evaluation",
    "Layer",
    "Loss",
    "LossLayer",
    "MultiLayerNetwork",
    "Nadam",
    "Nesterovs",
    "NeuralNetConfiguration",
    "NoOp",
    "Output",
    "RegressionEvaluation",
    "RmsProp",
    "Sequential",
    "Sgd",
    "Updater",
    "activation",
    "distribution",
    "load",
]  # fmt: skip
