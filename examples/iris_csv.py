"""Raw CSV to a served model: read, transform, train, save; Java then predicts from raw rows.

Writes scikit-learn's bundled iris data as CSV files (an ``id`` column, four measurements in
centimetres and the species name), reads them back with ``data.read_csv``, builds a
TransformProcess (species name -> integer, standardized measurements, ``id`` dropped), trains an
MLP from a prefetching ``data.DataSetIterator`` and saves ``iris.zip``. The model file carries
the fitted transform, so ``ModelPipeline`` in Java (``examples/java-service``,
``TabularService``) turns new raw rows -- without the species column -- into the same
predictions. With ``--predictions`` the Python predictions for those rows are written as CSV.

    python examples/iris_csv.py --out build/iris
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from pybridge import data, nn

FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def write_csvs(out: Path) -> tuple[Path, Path]:
    """iris.csv (120 training rows) and iris_new.csv (30 held-out rows, species left out)."""
    from sklearn.datasets import load_iris

    iris = load_iris()
    order = np.random.default_rng(0).permutation(len(iris.target))
    cols: dict[str, object] = {"id": np.arange(len(order))}
    for j, name in enumerate(FEATURES):
        cols[name] = iris.data[order, j]
    cols["species"] = [str(iris.target_names[t]) for t in iris.target[order]]
    table = pa.table(cols)
    train, new = out / "iris.csv", out / "iris_new.csv"
    pacsv.write_csv(table.slice(0, 120), train)
    pacsv.write_csv(table.slice(120), out / "iris_new_labelled.csv")
    pacsv.write_csv(table.slice(120).drop_columns(["species"]), new)
    return train, new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("build/iris"))
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--predictions", type=Path, help="write predictions for iris_new.csv")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    train_csv, new_csv = write_csvs(args.out)

    table = data.read_csv(train_csv)
    builder = data.TransformProcess.builder(data.Schema.infer(table))
    builder.categorical_to_integer("species")
    for name in FEATURES:
        builder.normalize(name, "standardize")
    tp = builder.remove_columns("id").build()

    it = data.DataSetIterator(tp.execute(table), label="species", num_classes=3,
                              batch_size=16, shuffle=True, prefetch=4, seed=1)
    with nn.Sequential(
        [nn.Dense(16, activation="relu"), nn.Output(3, activation="softmax", loss="mcxent")],
        input_shape=(len(FEATURES),), updater=nn.Adam(0.01), seed=42,
    ) as model:
        model.fit(it, epochs=args.epochs, verbose=0)
        model_path = args.out / "iris.zip"
        model.save(model_path)  # carries the fitted transform (transform.json)

        labelled = tp.execute(data.read_csv(args.out / "iris_new_labelled.csv"))
        x = np.column_stack([labelled.column(n).to_numpy() for n in FEATURES]).astype(np.float32)
        y = labelled.column("species").to_numpy()
        probabilities = np.asarray(model.predict(x), dtype=np.float32)
    accuracy = float((probabilities.argmax(axis=1) == y).mean())
    print(f"iris: trained on {table.num_rows} raw rows; held-out accuracy {accuracy:.3f}; "
          f"saved {model_path}")
    if args.predictions:
        np.savetxt(args.predictions, probabilities, delimiter=",", fmt="%.9g")
    print(f"Java: TabularService {model_path} {new_csv} species")


if __name__ == "__main__":
    main()
