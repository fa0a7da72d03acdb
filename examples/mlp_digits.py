"""Train an MLP on scikit-learn's bundled digits (8x8 images) with pybridge, then ship it.

The network is defined in Python, trained on the JVM, evaluated, saved as one model file and
reloaded (the same file a Java service loads with ``MultiLayerNetwork.load``):

    python examples/mlp_digits.py [--epochs 50] [--out model.zip] [--quiet]

Exits non-zero when the test accuracy is below 0.97 or the reloaded model predicts differently.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from pybridge import nn

MIN_ACCURACY = 0.97


class Throughput(nn.Callback):
    """Records the training examples per second of each epoch."""

    def __init__(self) -> None:
        self.rates: list[float] = []

    def on_epoch_end(self, epoch, logs):
        self.rates.append(logs["examples_per_second"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=50)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--out", type=Path, default=None,
                        help="where to save the model (default: a temporary directory)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args()

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)          # pixel values 0..16 -> [0, 1]
    y = digits.target.astype(np.int64)                   # class ids 0..9
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, stratify=y, random_state=args.seed)

    model = nn.Sequential([
        nn.Dense(128, activation="relu", weight_init="relu"),
        nn.Output(10, activation="softmax", loss="mcxent"),
    ], input_shape=(64,), updater=nn.Adam(1e-3), seed=args.seed, l2=1e-4)
    print(model.summary())

    throughput = Throughput()
    start = time.perf_counter()
    history = model.fit(x_train, y_train, epochs=args.epochs, batch_size=args.batch_size,
                        shuffle=True, validation_data=(x_test, y_test),
                        callbacks=[throughput], verbose=0 if args.quiet else 1)
    seconds = time.perf_counter() - start
    print(f"trained {args.epochs} epochs in {seconds:.2f} s; final loss "
          f"{history['loss'][-1]:.4f}, val_loss {history['val_loss'][-1]:.4f}; "
          f"median {np.median(throughput.rates):,.0f} examples/s")

    evaluation = model.evaluate(x_test, y_test)
    print(evaluation.stats())
    accuracy = evaluation.accuracy()
    print(f"test accuracy: {accuracy:.4f}")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.out if args.out is not None else Path(tmp) / "digits-mlp.zip"
        model.save(path)
        print(f"saved {path} ({path.stat().st_size:,} bytes)")
        with nn.load(path) as reloaded:
            same = np.array_equal(reloaded.predict(x_test), model.predict(x_test))
    model.close()
    print(f"reloaded model predicts identically: {same}")

    if not same:
        print("FAILED: the reloaded model predicts differently", file=sys.stderr)
        return 1
    if accuracy < MIN_ACCURACY:
        print(f"FAILED: test accuracy {accuracy:.4f} < {MIN_ACCURACY}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
