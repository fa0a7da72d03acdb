"""Train the digits MLP on Spark (local[2], Spark inside pybridge's JVM), save it, reload it.

The network is the one of examples/mlp_digits.py; Spark trains it by parameter averaging over
two workers, scores the test set in the executors, and saves the ordinary model file, which
plain Python (nn.load) and Java services read:

    python examples/spark_mlp.py [--epochs 30] [--master local[2]] [--out model.zip]

Exits non-zero when the test accuracy is below 0.95 or the reloaded model disagrees.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from pybridge import nn, spark

MIN_ACCURACY = 0.95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--seed", type=int, default=123)
    parser.add_argument("--out", type=Path, default=None,
                        help="where to save the model (default: a temporary directory)")
    args = parser.parse_args()

    digits = load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.25, stratify=y, random_state=args.seed)

    sess = spark.session(args.master, app_name="spark_mlp", conf={"spark.ui.enabled": "false"})
    train_df = spark.dataframe(x_train, y_train, spark_session=sess, partitions=2)
    test_df = spark.dataframe(x_test, y_test, spark_session=sess)

    model = nn.Sequential([
        nn.Dense(128, activation="relu", weight_init="relu"),
        nn.Output(10, activation="softmax", loss="mcxent"),
    ], input_shape=(64,), updater=nn.Adam(1e-3), seed=args.seed, l2=1e-4)
    trainer = spark.SparkTrainer(model, batch_size_per_worker=32, averaging_frequency=5,
                                 workers=2, seed=args.seed)
    fitted = trainer.fit(train_df, features_col="features", label_col="label",
                         epochs=args.epochs)
    print(fitted.training_stats)

    fitted.transform(test_df).select("label", "prediction").show(5)
    evaluation = fitted.evaluate(test_df)
    print(evaluation.stats())
    accuracy = evaluation.accuracy()
    print(f"test accuracy: {accuracy:.4f}")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.out if args.out is not None else Path(tmp) / "spark-digits-mlp.zip"
        fitted.save(path)
        print(f"saved {path} ({path.stat().st_size:,} bytes)")
        with nn.load(path) as reloaded:
            same = np.array_equal(reloaded.predict(x_test), fitted.network.predict(x_test))
            reloaded_accuracy = reloaded.evaluate(x_test, y_test).accuracy()
    print(f"reloaded in Python: accuracy {reloaded_accuracy:.4f}, identical predictions: {same}")
    fitted.close()
    model.close()
    # No sess.stop() needed: Spark and its py4j server stop by themselves when Python exits.

    if not same:
        print("FAILED: the reloaded model predicts differently", file=sys.stderr)
        return 1
    if accuracy < MIN_ACCURACY:
        print(f"FAILED: test accuracy {accuracy:.4f} < {MIN_ACCURACY}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
