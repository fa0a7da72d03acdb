"""TransformProcess: results against numpy, fitting, JSON (canonical, shared with Java), errors."""

from __future__ import annotations

import datetime
import doctest
import importlib
import json

import jpype
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from transform_support import assert_same_table

from pybridge import data
from pybridge.data import Condition


@pytest.fixture
def iris() -> pa.Table:
    rng = np.random.default_rng(7)
    n = 60
    return pa.table({
        "id": np.arange(n),
        "sepal_length": rng.normal(5.8, 0.8, n),
        "sepal_width": pa.array(rng.normal(3.0, 0.4, n), pa.float32()),
        "species": rng.choice(["setosa", "versicolor", "virginica"], n).tolist(),
    })


def _java_tp(text: str):
    return jpype.JClass("org.pybridge.data.TransformProcess").fromJson(text)


def test_brief_example_in_both_executors(iris):
    schema = data.Schema.infer(iris)
    tp = (data.TransformProcess.builder(schema)
          .categorical_to_integer("species")
          .normalize("sepal_length", "standardize")
          .remove_columns("id")
          .build())
    out = tp.execute(iris)
    assert out.column_names == ["sepal_length", "sepal_width", "species"]
    x = iris.column("sepal_length").to_numpy()
    np.testing.assert_allclose(out.column("sepal_length").to_numpy(),
                               (x - x.mean()) / x.std(), rtol=1e-12)
    cats = sorted(set(iris.column("species").to_pylist()))
    want = [cats.index(s) for s in iris.column("species").to_pylist()]
    assert out.column("species").to_pylist() == want
    assert_same_table(out, tp.execute(iris, executor="jvm"))
    assert tp.final_schema.types == ["double", "double", "int64"]


def test_minmax_median_one_hot_against_numpy():
    t = pa.table({"x": [4.0, None, 2.0, 10.0, float("nan")], "c": ["b", "a", None, "b", "a"]})
    tp = (data.TransformProcess.builder(data.Schema.infer(t))
          .replace_missing("x", "median").normalize("x", "minmax", (-1, 1))
          .categorical_to_one_hot("c").build())
    out = tp.execute(t)
    med = np.median([4.0, 2.0, 10.0])
    x = np.array([4.0, med, 2.0, 10.0, med])
    np.testing.assert_allclose(out.column("x").to_numpy(), (x - 2) / 8 * 2 - 1)
    assert out.column("c[a]").to_pylist() == [0, 1, None, 0, 1]
    assert out.column("c[b]").to_pylist() == [1, 0, None, 1, 0]
    assert tp.steps[0]["value"] == med


def test_fit_is_automatic_once_and_stored_in_json(iris):
    tp = (data.TransformProcess.builder(data.Schema.infer(iris))
          .normalize("sepal_width").build())
    assert not tp.fitted
    assert tp.steps[0]["stats"] is None
    tp.execute(iris.slice(0, 10))
    assert tp.fitted
    stats = tp.steps[0]["stats"]
    tp.execute(iris)  # a fitted transform keeps its statistics
    assert tp.steps[0]["stats"] == stats
    replay = data.TransformProcess.from_json(tp.to_json())
    assert replay.fitted and replay == tp
    assert_same_table(replay.execute(iris), tp.execute(iris))


def test_statistics_are_learnt_on_the_data_reaching_the_step():
    t = pa.table({"x": [1.0, 2.0, 3.0, 4.0]})
    tp = (data.TransformProcess.builder(data.Schema.infer(t))
          .filter(Condition.gt("x", 2)).normalize("x", "minmax").build().fit(t))
    assert tp.steps[1]["stats"] == {"min": 3.0, "max": 4.0}


def test_json_is_canonical_and_byte_identical_in_java():
    t = pa.table({"i": [1, 2], "d": [0.1, 1e-8], "s": ["é", "日本"],
                  "c": pa.array(["x", "y"]).dictionary_encode(), "b": [True, None],
                  "t": pa.array([0, 10**12], pa.timestamp("us"))})
    tp = (data.TransformProcess.builder(data.Schema.infer(t))
          .select_columns("i", "d", "s", "c", "b", "t").rename_column("i", "j")
          .reorder_columns("d").string_to_categorical("s").categorical_to_integer("c")
          .math("j", "multiply", 3).unary("d", "log1p").clip("d", 0, None)
          .column_math("j", "divide", "d", "ratio").normalize("ratio", "minmax")
          .replace_missing("b", value=False).replace_missing("d", "mean")
          .filter((Condition.ge("j", 1) & ~Condition.is_null("b"))
                  | Condition.isin("s", ["é"]))
          .time_features("t", "year", "day_of_week").categorical_to_one_hot("s")
          .build())
    tp.fit(t)
    text = tp.to_json()
    assert text == json.dumps(json.loads(text), indent=2)
    assert text.isascii() and '"multiply"' in text and '"value": 3.0' in text
    assert str(_java_tp(text).toJson()) == text
    assert data.TransformProcess.from_json(text).to_json() == text


def test_string_steps_json_and_maps():
    t = pa.table({"s": ["  Hello ", "a\tB", None, "xyz"]})
    tp = (data.TransformProcess.builder(data.Schema.infer(t)).trim("s").lower("s")
          .replace_string("s", "l", "L").map_values("s", {"xyz": "other"}).build())
    out = tp.execute(t)
    assert out.column("s").to_pylist() == ["heLLo", "a\tb", None, "other"]
    assert_same_table(out, tp.execute(t, executor="jvm"))
    assert str(_java_tp(tp.to_json()).toJson()) == tp.to_json()


def test_case_mapping_of_every_code_point_agrees():
    cps = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    text = "".join(chr(c) for c in cps)
    t = pa.table({"s": [text[k:k + 256] for k in range(0, len(text), 256)]})
    for step in ("lower", "upper"):
        tp = getattr(data.TransformProcess.builder(data.Schema.infer(t)), step)("s").build()
        assert_same_table(tp.execute(t), tp.execute(t, executor="jvm"))


def test_jvm_refuses_an_unfitted_transform(iris):
    tp = data.TransformProcess.builder(data.Schema.infer(iris)).normalize("sepal_length").build()
    jtp = _java_tp(tp.to_json())
    assert not jtp.isFitted()
    jtable = jpype.JClass("org.pybridge.data.Table")(jpype.java.util.ArrayList(), 0)
    with pytest.raises(jpype.JException, match=r"not fitted.*tp\.fit"):
        jtp.execute(jtable)


def test_schema_mismatch_names_column_types_and_fix(iris):
    tp = data.TransformProcess.builder(data.Schema.infer(iris)).normalize("sepal_length").build()
    bad = iris.set_column(1, "sepal_length", pa.array(["x"] * iris.num_rows))
    for executor in ("python", "jvm"):
        with pytest.raises(data.SchemaError, match=r"'sepal_length'.*string.*double.*cast"):
            tp.execute(bad, executor=executor)
    with pytest.raises(data.SchemaError, match=r"no column 'id'.*sepal_length"):
        tp.execute(iris.drop_columns(["id"]))


def test_unknown_columns_list_the_available_ones(iris):
    b = data.TransformProcess.builder(data.Schema.infer(iris))
    with pytest.raises(data.SchemaError, match=r"'speciez'.*\['id', 'sepal_length'"):
        b.remove_columns("speciez")
    with pytest.raises(data.SchemaError, match=r"normalize needs a int64 or double.*'species'"):
        b.normalize("species")
    with pytest.raises(data.SchemaError, match="already exists"):
        b.column_math("id", "add", "id", "sepal_width")


def test_values_outside_categories_raise_with_the_fix():
    t = pa.table({"c": ["a", "b"]})
    tp = (data.TransformProcess.builder(data.Schema.infer(t))
          .string_to_categorical("c", ["a"]).build())
    for executor in ("python", "jvm"):
        with pytest.raises(data.SchemaError, match=r"'b'.*categor"):
            tp.execute(t, executor=executor)


def test_isin_tells_negative_zero_apart_like_arrow():
    t = pa.table({"d": [-0.0, 0.0, float("nan"), None], "i": [0, 1, 2, None]})
    tp = (data.TransformProcess.builder(data.Schema.infer(t))
          .filter(Condition.isin("d", [0.0]) | Condition.isin("i", [-0.0, 2])).build())
    out = tp.execute(t)
    assert out.column("d").to_pylist()[:1] == [0.0] and out.num_rows == 2
    assert_same_table(out, tp.execute(t, executor="jvm"))


def test_infinite_values_cannot_be_fitted():
    t = pa.table({"x": [1.0, float("inf")]})
    tp = data.TransformProcess.builder(data.Schema.infer(t)).normalize("x").build()
    with pytest.raises(data.SchemaError, match=r"infinite.*clip"):
        tp.fit(t)
    tp = (data.TransformProcess.builder(data.Schema.infer(t)).clip("x", None, 10)
          .normalize("x").build())
    assert tp.execute(t).column("x").to_pylist() == [-1.0, 1.0]


@pytest.mark.parametrize("executor", ["python", "jvm"])
def test_empty_tables_and_no_columns_left(executor):
    t = pa.table({"x": pa.array([], pa.float64()), "s": pa.array([], pa.string())})
    tp = (data.TransformProcess.builder(data.Schema.infer(t)).normalize("x")
          .categorical_to_one_hot("s").build())
    out = tp.execute(t, executor=executor)
    assert out.num_rows == 0 and out.column_names == ["x"]
    assert tp.steps[0]["stats"] == {"mean": 0.0, "std": 1.0}
    gone = data.TransformProcess.builder(data.Schema.infer(t)).remove_columns("x", "s").build()
    assert gone.execute(pa.table({"x": [1.0], "s": ["a"]}), executor=executor).num_rows == 1


def test_input_types_are_widened_and_conformed():
    t = pa.table({
        "f": pa.array([1.5, None], pa.float32()),
        "i": pa.array([1, 2], pa.int8()),
        "s": pa.array(["a", "b"], pa.large_string()),
        "c": pa.array(["b", "a"]).dictionary_encode(),
        "z": pa.array([datetime.datetime(2024, 5, 1, 23, 30), None],
                      pa.timestamp("s", tz="Asia/Tokyo")),
        "d": pa.array([datetime.date(2024, 5, 2), None], pa.date32()),
    })
    schema = data.Schema.infer(t)
    assert schema.types == ["double", "int64", "string", "categorical", "timestamp",
                            "timestamp"]
    tp = (data.TransformProcess.builder(schema).time_features("z", "hour", "day")
          .time_features("d", "day_of_week").categorical_to_integer("c").build())
    out = tp.execute(t)
    assert out.column("z_hour").to_pylist() == [23, None]  # the instant, in UTC
    assert out.column("d_day_of_week").to_pylist() == [3, None]
    assert out.column("c").to_pylist() == [0, 1]  # categories in the dictionary's order: b, a
    assert_same_table(out, tp.execute(t, executor="jvm"))
    # A table read later may hold int64 where the schema says double, or strings for categories.
    later = t.set_column(0, "f", pa.array([3, 4])).set_column(3, "c", pa.array(["a", "a"]))
    assert tp.execute(later).column("f").to_pylist() == [3.0, 4.0]


def test_final_schema_waits_for_fitted_categories():
    t = pa.table({"s": ["b", "a"]})
    tp = data.TransformProcess.builder(data.Schema.infer(t)).categorical_to_one_hot("s").build()
    with pytest.raises(data.SchemaError, match="fit"):
        _ = tp.final_schema
    tp.fit(t)
    assert tp.final_schema.names == ["s[a]", "s[b]"]


def test_format_and_version_are_checked():
    t = data.TransformProcess.builder(data.Schema.builder().add_double("x").build()).build()
    d = t.to_dict()
    with pytest.raises(data.SchemaError, match="version 2"):
        data.TransformProcess.from_dict({**d, "version": 2})
    with pytest.raises(data.SchemaError, match="Not a transform"):
        data.TransformProcess.from_dict({**d, "format": "other"})
    with pytest.raises(data.SchemaError, match="Unknown transform step 'explode'"):
        data.TransformProcess.from_dict({**d, "steps": [{"op": "explode"}]})


def test_jvm_executor_chunked_and_sliced_input(iris):
    tp = (data.TransformProcess.builder(data.Schema.infer(iris))
          .categorical_to_one_hot("species").build())
    tp.fit(iris)
    chunked = pa.concat_tables([iris.slice(0, 7), iris.slice(7, 20), iris.slice(27)])
    assert_same_table(tp.execute(chunked, executor="jvm"), tp.execute(iris))
    assert_same_table(tp.execute(iris.slice(13, 9), executor="jvm"), tp.execute(iris.slice(13, 9)))


@pytest.mark.parametrize("name", ["pybridge.data", "pybridge.data._schema",
                                  "pybridge.data._transform", "pybridge.data._conditions"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@given(names=st.lists(st.text(min_size=1, max_size=6), min_size=2, max_size=4, unique=True),
       value=st.floats(allow_nan=False, allow_infinity=False),
       bound=st.one_of(st.none(), st.floats(-1e300, 0)),
       mapping=st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=3))
def test_java_writes_the_same_json_bytes(names, value, bound, mapping):
    """Unicode (astral, control characters), floats of every magnitude: same text both ways."""
    schema = (data.Schema.builder().add_categorical(names[0], names[1:])
              .add_double(names[1]).add_string("s" + names[1]).build())
    tp = (data.TransformProcess.builder(schema)
          .math(names[1], "add", value).clip(names[1], bound, None)
          .map_values("s" + names[1], mapping)
          .filter(Condition.isin(names[0], names[1:]) | Condition.lt(names[1], value))
          .replace_missing(names[0], value=names[-1]).build())
    text = tp.to_json()
    assert str(_java_tp(text).toJson()) == text


def test_java_service_path_csv_to_features_matches_python(tmp_path, iris):
    """A Java service reads the raw CSV itself and applies the saved transform: same numbers."""
    import pyarrow.csv as pacsv

    path = tmp_path / "iris.csv"
    pacsv.write_csv(iris, path)
    raw = pacsv.read_csv(path)
    tp = (data.TransformProcess.builder(data.Schema.infer(raw))
          .categorical_to_one_hot("species").normalize("sepal_length")
          .normalize("sepal_width", "minmax").remove_columns("id").build())
    want = tp.execute(raw)
    J = jpype.JPackage("org.pybridge.data")
    jtp = J.TransformProcess.fromJson(tp.to_json())
    result = J.CsvReader.builder().schema(jtp.schema()).build().read(jpype.java.nio.file.Path.of(
        str(path)))
    assert result.summary().rowsRead() == iris.num_rows
    out = jtp.execute(result.table())
    names = [str(n) for n in out.columnNames()]
    assert names == want.column_names
    matrix = out.toFeatureMatrix(*names)
    try:
        got = np.array(matrix.toFloatMatrix(), dtype=np.float32)
    finally:
        matrix.close()
    np.testing.assert_array_equal(got, np.column_stack(
        [want.column(n).to_numpy().astype(np.float32) for n in names]))
