/**
 * Tables, declarative transforms and readers for Java services and Spark executors.
 *
 * <p>{@link org.pybridge.data.TransformProcess} executes the transform JSON that Python's
 * {@code pybridge.data.TransformProcess} writes, with the same results as Python's pyarrow
 * executor. Data is held in an immutable columnar {@link org.pybridge.data.Table} of
 * {@link org.pybridge.data.Column}s (primitive arrays plus validity masks), read by
 * {@link org.pybridge.data.CsvReader} or {@link org.pybridge.data.JdbcReader}, and turned into
 * network input by {@link org.pybridge.data.Table#toFeatureMatrix}. Files larger than memory
 * stream as tables of bounded size ({@link org.pybridge.data.CsvReader#batches}).
 *
 * <pre>{@code
 * TransformProcess tp = TransformProcess.fromJson(Files.readString(Path.of("transform.json")));
 * Table raw = CsvReader.builder().build().read(Path.of("iris.csv")).table();
 * Table ready = tp.execute(raw);
 * try (NDArray x = ready.toFeatureMatrix("sepal_length", "sepal_width")) { ... }
 * }</pre>
 *
 * <h2>The transform JSON format, version 1</h2>
 *
 * <pre>{@code
 * {
 *   "format": "pybridge-transform",
 *   "version": 1,
 *   "schema": {"columns": [{"name": "x", "type": "double"},
 *                          {"name": "c", "type": "categorical", "categories": ["a", "b"]}]},
 *   "steps": [{"op": "normalize", "column": "x", "method": "standardize", "range": null,
 *              "stats": {"mean": 1.5, "std": 0.5}}]
 * }
 * }</pre>
 *
 * <p>Column types: {@code int64}, {@code double}, {@code string}, {@code categorical} (with its
 * ordered {@code categories}), {@code boolean}, {@code timestamp} (microseconds since
 * 1970-01-01 UTC). The text is canonical: two-space indentation, keys in the order listed
 * below, ASCII only ({@code \u00e9} escapes), doubles in Python's {@code repr} style, so
 * Python and Java write byte-identical JSON for the same transform.
 *
 * <p>Steps (each an object whose first key is {@code "op"}; keys in this order):
 * <ul>
 *   <li>{@code select_columns columns}, {@code remove_columns columns},
 *       {@code reorder_columns columns} (listed columns first), {@code rename_columns mapping}
 *       ({@code {"old": "new"}}).</li>
 *   <li>{@code string_to_categorical column categories} (categories null until fitted: sorted
 *       distinct values; a value outside the categories is an error),
 *       {@code categorical_to_integer column} (int64 index),
 *       {@code categorical_to_one_hot column} (int64 0/1 columns {@code column[category]} in
 *       the column's place).</li>
 *   <li>{@code math column operation value} (add, subtract, multiply, divide, power),
 *       {@code unary column function} (abs, negate, square, sqrt, exp, log, log1p, log10, floor,
 *       ceil, round half-to-even, sign), {@code clip column min max} (null = no bound),
 *       {@code column_math columns operation new_column} (appended), all producing double.</li>
 *   <li>{@code normalize column method range stats}: standardize {@code (x - mean) / std}
 *       (population std; 0 counts as 1) with stats {@code {"mean", "std"}}, or minmax
 *       {@code ((x - min) / (max - min)) * (high - low) + low} with range {@code [low, high]}
 *       and stats {@code {"min", "max"}}; stats null until fitted.</li>
 *   <li>{@code replace_missing column strategy value}: nulls (and NaN in double columns)
 *       become the value; strategies constant, mean, median (value null until fitted).</li>
 *   <li>{@code filter condition}: keeps rows where the condition is true. Conditions:
 *       {@code {"op": "lt|le|gt|ge|eq|ne", "column", "value"}}, {@code {"op": "in", "column",
 *       "values"}}, {@code {"op": "is_null", "column"}}, {@code {"op": "and|or",
 *       "conditions"}}, {@code {"op": "not", "condition"}}, with SQL null semantics.</li>
 *   <li>{@code time_features column features}: int64 columns {@code column_feature} after the
 *       timestamp column, in UTC: year, month, day, hour, minute, second, day_of_week
 *       (Monday = 0), day_of_year (from 1).</li>
 *   <li>{@code string column function} (trim ASCII whitespace, lower, upper: per code point),
 *       {@code replace_string column pattern replacement} (literal, all occurrences),
 *       {@code map_values column mapping} (whole values; others kept).</li>
 * </ul>
 */
package org.pybridge.data;
