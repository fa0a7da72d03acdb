#!/usr/bin/env bash
# Quick start: installs what is missing, then runs the main job on embedded defaults (in-process
# JVM, bundled jars, scikit-learn's bundled digits):
#   1. numpy memory handed to the JVM without a copy, multiplied with native BLAS, read back;
#   2. an MLP defined in Python, trained on the JVM, evaluated and saved as one model file;
#   3. the same file loaded by a plain Java program (no Python) that prints its predictions;
#   4. raw iris CSV through a TransformProcess into training, the model file carrying the fitted
#      transform, and Java predicting from raw CSV rows with the same preprocessing;
#   5. the digits MLP trained on local Spark (inside the engine's JVM) by parameter averaging.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
PY=.venv/bin/python
out=build/quickstart
mkdir -p "$out"

echo "== 1. zero-copy tensors and native BLAS =="
"$PY" examples/quickstart.py

echo "== 2. train an MLP on the digits in Python, save it =="
"$PY" examples/mlp_digits.py --out "$out/digits.zip"

echo "== 3. load the model file from Java and predict =="
"$PY" - "$out/rows.csv" <<'PYEOF'
import sys
from sklearn.datasets import load_digits
d = load_digits()
rows = d.data[-5:] / 16.0  # the example's scaling; the last five digits of the set
with open(sys.argv[1], "w") as f:
    f.writelines(",".join(f"{v:.6f}" for v in r) + "\n" for r in rows)
print("true labels:", " ".join(str(t) for t in d.target[-5:]))
PYEOF
cp=$(ls pybridge/_jars/*.jar | tr '\n' ':')
javac -d "$out/classes" -cp "$cp" $(find examples/java-service/src -name '*.java')
major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
flags=()
[ "${major:-17}" -ge 22 ] && flags+=(--enable-native-access=ALL-UNNAMED)
[ "${major:-17}" -ge 23 ] && flags+=(--sun-misc-unsafe-memory-access=allow)
java "${flags[@]}" -cp "$cp$out/classes" org.pybridge.examples.PredictService \
  "$out/digits.zip" --threads 4 < "$out/rows.csv" | awk -F'\t' '{print "Java predicts digit", $2}'

echo "== 4. raw CSV -> transform -> train -> save; Java predicts from raw rows =="
"$PY" examples/iris_csv.py --out "$out/iris"
java "${flags[@]}" -cp "$cp$out/classes" org.pybridge.examples.TabularService \
  "$out/iris/iris.zip" "$out/iris/iris_new.csv" species |
  awk -F'\t' 'NR <= 5 {print "Java predicts class", $2, "from a raw row"}'

echo "== 5. the same MLP trained on Spark (local[2], in the engine's JVM) =="
"$PY" examples/spark_mlp.py --out "$out/digits-spark.zip"
