"""Readers on real files written here: CSV/TSV, JSON lines, text, Parquet, IPC, SVMLight,
image folders; every ``on_error`` policy and its report."""

from __future__ import annotations

import gzip
import warnings

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pytest

from pybridge import data


def write(path, text: str | bytes):
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


# ---------------------------------------------------------------------- CSV


def test_csv_header_quotes_and_types(tmp_path):
    p = write(tmp_path / "a.csv", 'id,name,x\n1,"Smith, J",1.5\n2,"say ""hi""",2.5\n')
    t = data.read_csv(p)
    assert t.column_names == ["id", "name", "x"]
    assert t.column("name").to_pylist() == ["Smith, J", 'say "hi"']
    assert t.schema.field("x").type == pa.float64()
    report = data.last_read_report()
    assert report.rows == 2 and report.clean


def test_tsv_no_header_custom_delimiter_and_column_names(tmp_path):
    p = write(tmp_path / "a.tsv", "1\t2\n3\t4\n")
    t = data.read_tsv(p, header=False)
    assert t.column_names == ["f0", "f1"] and t.column("f1").to_pylist() == [2, 4]
    t = data.read_tsv(p, header=False, column_names=["a", "b"], dtypes={"a": "float32"})
    assert t.schema.field("a").type == pa.float32()
    q = write(tmp_path / "b.txt", "a;b\n1;x\n")
    assert data.read_csv(q, delimiter=";").to_pylist() == [{"a": 1, "b": "x"}]


def test_csv_compressed_uri_and_several_files(tmp_path):
    p = tmp_path / "a.csv.gz"
    p.write_bytes(gzip.compress(b"x,y\n1,2\n"))
    q = write(tmp_path / "b.csv", "x,y\n3,4\n")
    t = data.read_csv([p, "file://" + str(q)])
    assert t.column("x").to_pylist() == [1, 3]
    import pyarrow.fs as pafs

    sub = pafs.SubTreeFileSystem(str(tmp_path), pafs.LocalFileSystem())
    assert data.read_csv("b.csv", filesystem=sub).column("y").to_pylist() == [4]
    with pytest.raises(FileNotFoundError, match=r"nope\.csv"):
        data.read_csv(tmp_path / "nope.csv")


BAD = "a,b\n1,2\n3,x\n5,6,7\n8,9\n"


def test_csv_fail_names_file_line_and_column(tmp_path):
    p = write(tmp_path / "bad.csv", "a,b\n1,2\n3,x\n")
    with pytest.raises(data.DataFormatError) as e:
        data.read_csv(p, dtypes={"b": "int64"})
    msg = str(e.value)
    assert "bad.csv" in msg and "line 3" in msg and "'b'" in msg and "'x'" in msg
    q = write(tmp_path / "rows.csv", "a,b\n1,2\n5,6,7\n")
    with pytest.raises(data.DataFormatError, match=r"rows.csv: line 3: expected 2 fields, got 3"):
        data.read_csv(q)


def test_csv_errors_name_the_line_an_editor_shows(tmp_path):
    # pyarrow numbers rows: empty lines do not count, a quoted value over two lines is one row.
    text = 'a,b\n1,2\n\n\n3,"two\nlines"\n\n5,6,7\nx,8\n'
    p = write(tmp_path / "gaps.csv", text)
    for read in (data.read_csv, lambda p: data.scan_csv(p).to_table()):
        with pytest.raises(data.DataFormatError, match=r"gaps.csv: line 8: expected 2 fields"):
            read(p)
    with pytest.raises(data.DataFormatError, match=r"ok.csv: line 9 .*'x' is not a valid"):
        data.read_csv(write(tmp_path / "ok.csv", text.replace("5,6,7\n", "5,6\n")),
                      dtypes={"a": "int64"})
    with pytest.warns(data.DataWarning):
        data.read_csv(p, dtypes={"a": "int64"}, on_error="skip", use_threads=False)
    examples = data.last_read_report().examples
    assert any("line 8:" in e for e in examples) and any("line 9 " in e for e in examples)
    # In a later piece of a stream, too.
    rows = [f"{i},{i}" if i % 1000 else "" for i in range(30_000)]
    rows[20_000] = "1,2,3"
    big = write(tmp_path / "big.csv", "a,b\n" + "\n".join(rows) + "\n")
    with pytest.raises(data.DataFormatError, match=r"big.csv: line 20002: expected 2"):
        data.scan_csv(big, block_size=4096).to_table()


def test_csv_skip_counts_rows_and_warns(tmp_path):
    p = write(tmp_path / "bad.csv", BAD)
    with pytest.warns(data.DataWarning, match="skipped"):
        t = data.read_csv(p, dtypes={"b": "int64"}, on_error="skip")
    assert t.to_pydict() == {"a": [1, 8], "b": [2, 9]}
    r = data.last_read_report()
    assert r.skipped_rows == 2 and r.rows == 2 and not r.clean
    assert any("'x'" in e for e in r.examples) and any("got 3" in e for e in r.examples)


def test_csv_fill_replaces_bad_values(tmp_path):
    p = write(tmp_path / "bad.csv", BAD)
    with pytest.warns(data.DataWarning):
        t = data.read_csv(p, dtypes={"b": "float64"}, on_error="fill", fill_value={"b": -1.0})
    assert t.column("b").to_pylist() == [2.0, -1.0, 9.0]
    r = data.last_read_report()
    assert r.filled_values == {"b": 1} and r.skipped_rows == 1  # the 3-field row
    with pytest.raises(ValueError, match="on_error"):
        data.read_csv(p, on_error="ignore")


def test_csv_fill_pads_short_rows_in_place(tmp_path):
    p = write(tmp_path / "short.csv", "a,b,c\n1,2,x\n3\n4,5,6,7\n\n8,9\n10,11,12\n")
    for threads in (True, False):  # in parallel the read stops and runs again serially
        with pytest.warns(data.DataWarning, match="filled"):
            t = data.read_csv(p, on_error="fill", use_threads=threads,
                              fill_value={"b": -1, "c": "?"}, dtypes={"b": "int32"})
        assert t.to_pydict() == {"a": [1, 3, 8, 10], "b": [2, -1, 9, 11],
                                 "c": ["x", "?", "?", "12"]}
        r = data.last_read_report()
        assert r.rows == 4 and r.skipped_rows == 1  # the row with 4 fields
        assert r.filled_values == {"b": 1, "c": 2}
        assert any("line 3: expected 3 fields, got 1: '3' (missing 'b' filled with -1)" in e
                   for e in r.examples)
    with pytest.warns(data.DataWarning):
        t = data.read_csv(p, on_error="fill", columns=["c", "a"], dtypes={"c": "float64"})
    assert t.to_pydict() == {"c": [None, None, None, 12.0], "a": [1, 3, 8, 10]}
    with pytest.warns(data.DataWarning):
        assert data.read_csv(p, on_error="skip").column("a").to_pylist() == [1, 10]
    only_short = write(tmp_path / "only.csv", "a,b\n3\n4\n")
    for read in (data.read_csv, lambda q, **kw: data.scan_csv(q, **kw).to_table()):
        with pytest.warns(data.DataWarning):
            assert read(only_short, on_error="fill").to_pydict() == {"a": [3, 4],
                                                                     "b": [None, None]}


def test_csv_fill_places_short_rows_across_blocks(tmp_path):
    n = 50_000
    lines = [f"{i},{i}" if i % 997 == 0 else f"{i},{i},{i}" for i in range(n)]
    lines[5000] += ",extra"  # too many fields: dropped and counted
    p = write(tmp_path / "s.csv", "i,v,w\n" + "\n".join(lines) + "\n")
    keep = np.array([i for i in range(n) if i != 5000])
    with pytest.warns(data.DataWarning):
        table = data.read_csv(p, on_error="fill", fill_value=-1, block_size=4096)
    stream = data.scan_csv(p, on_error="fill", fill_value=-1, block_size=4096)
    with pytest.warns(data.DataWarning):
        streamed = stream.to_table()
    for t in (table, streamed):
        i, w = t.column("i").to_numpy(), t.column("w").to_numpy()
        np.testing.assert_array_equal(i, keep)
        np.testing.assert_array_equal(w, np.where(keep % 997 == 0, -1, keep))
    assert stream.report.filled_values == {"w": len(range(0, n, 997))}
    assert stream.report.skipped_rows == 1


def test_csv_float_dtype_parses_floats_straight_into_float32(tmp_path):
    rows = "\n".join(f"{i},{i * 0.1:.6f},{-i / 3:.7f},x{i}" for i in range(3000))
    p = write(tmp_path / "f.csv", "i,a,b,s\n" + rows + "\n")
    wide = data.read_csv(p)
    t = data.read_csv(p, float_dtype="float32", block_size=4096)
    assert [f.type for f in t.schema] == [pa.int64(), pa.float32(), pa.float32(), pa.string()]
    for name in ("a", "b"):  # the same values as float64 parsed and then rounded to float32
        np.testing.assert_array_equal(t.column(name).to_numpy(),
                                      wide.column(name).to_numpy().astype(np.float32))
    declared = data.read_csv(p, float_dtype=np.float32, dtypes={"b": "float64"})
    assert declared.schema.field("a").type == pa.float32()
    assert declared.schema.field("b").type == pa.float64()  # dtypes= wins
    streamed = data.scan_csv(p, float_dtype="float32", block_size=4096).to_table()
    assert streamed.schema.field("a").type == pa.float32() and streamed.num_rows == 3000
    with pytest.raises(ValueError, match="float_dtype must be a floating-point type"):
        data.read_csv(p, float_dtype="int32")
    # Types come from the first MiB: a later value that is not a number is reported.
    late = write(tmp_path / "late.csv", "a\n" + "0.5\n" * 300_000 + "oops\n")
    with pytest.raises(data.DataFormatError, match=r"line 300002.*'oops' is not a valid"):
        data.read_csv(late, float_dtype="float32")
    assert data.read_csv(late).schema.field("a").type == pa.string()  # pyarrow's own view


def test_csv_parses_into_the_c_allocator_unless_arrow_names_a_pool(tmp_path, monkeypatch):
    from pybridge.data._files import memory_pool

    rows = "\n".join(f"{i},{i / 7:.5f}" for i in range(20_000))
    p = write(tmp_path / "m.csv", "i,v\n" + rows + "\n")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    system = pa.system_memory_pool()
    assert memory_pool().backend_name == "system"
    before = system.bytes_allocated()
    table = data.read_csv(p)
    batches = list(data.scan_csv(p, block_size=1 << 16))
    held = table.nbytes + sum(b.nbytes for b in batches)
    assert system.bytes_allocated() - before >= held  # both live in the C library's heap
    del table, batches
    # A pool the user chose for pyarrow (its documented variable) is kept.
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    assert memory_pool().backend_name == pa.default_memory_pool().backend_name


def test_large_reads_give_the_freed_parse_buffers_back(tmp_path, monkeypatch):
    import subprocess
    import sys

    from pybridge.data import _csv, _csv_pieces

    rows = "\n".join(f"{i},{i / 7:.5f},{-i / 3:.6f}" for i in range(1_500_000))
    p = write(tmp_path / "m.csv", "i,a,b\n" + rows + "\n")  # ~40 MB
    calls = []
    for module in (_csv, _csv_pieces):
        monkeypatch.setattr(module, "GIVE_BACK_BYTES", 1 << 20)
        monkeypatch.setattr(module, "give_back", lambda: calls.append(1))
    data.read_csv(p)
    list(data.scan_csv(p))
    assert len(calls) == 2  # once after the whole read, once after the stream's pass
    # The effect, in a fresh process: the C allocator's free pages go back to the kernel.
    probe = (
        "import sys\n"
        "from pybridge import data\n"
        "from pybridge.data import _files\n"
        "def rss():\n"
        "    return next(int(x.split()[1]) for x in open('/proc/self/status')\n"
        "                if x.startswith('VmRSS'))\n"
        "t = data.read_csv(sys.argv[1])\n"
        "held = rss()\n"
        "_files.give_back()\n"
        "print(held, rss(), t.nbytes // 1024)\n")
    env = {k: v for k, v in __import__("os").environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    out = subprocess.run([sys.executable, "-c", probe, str(p)], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    held, after, table_kib = map(int, out)
    if _files_trim_available():
        assert held - after > table_kib  # the parse used about twice the table, then freed it
    else:
        assert after <= held + 1024


def _files_trim_available() -> bool:
    from pybridge.data._files import _malloc_trim

    return _malloc_trim() is not None


def test_scan_csv_streams_batches_and_reiterates(tmp_path):
    rows = "\n".join(f"{i},{i * 0.5}" for i in range(5000))
    p = write(tmp_path / "big.csv", "i,v\n" + rows + "\n")
    stream = data.scan_csv(p, block_size=4096)
    batches = list(stream)
    assert len(batches) > 3
    assert sum(b.num_rows for b in batches) == 5000
    assert sum(b.num_rows for b in stream) == 5000  # a second pass reads again
    assert stream.to_table().column("i").to_pylist() == list(range(5000))
    assert stream.report.rows == 5000


def _piece_rows(n: int) -> list[str]:
    return [f'{i},"name {i}, {"x" * (i % 7)}",{i * 0.25}' for i in range(n)]


@pytest.mark.parametrize("threads", [True, False])
def test_scan_csv_pieces_give_the_table_of_read_csv(tmp_path, threads):
    rows = _piece_rows(30_000)  # ~0.8 MB: a dozen 64 KiB pieces at block_size=4096
    p = write(tmp_path / "p.csv", "# made by a test\ni,s,v\n" + "\n".join(rows))  # no final \n
    whole = data.read_csv(p, skip_rows=1)
    stream = data.scan_csv(p, skip_rows=1, block_size=4096, use_threads=threads)
    assert stream.to_table().equals(whole)  # strings intact though the text buffer is reused
    assert stream.report.rows == 30_000
    some = data.scan_csv(p, skip_rows=1, columns=["v", "s"], block_size=4096).to_table()
    assert some.column_names == ["v", "s"] and some.equals(whole.select(["v", "s"]))
    bare = write(tmp_path / "bare.csv", "\n".join(rows) + "\n")
    auto = data.scan_csv(bare, header=False, block_size=4096).to_table()
    assert auto.column_names == ["f0", "f1", "f2"] and auto.column("f0").to_pylist() == list(
        range(30_000))
    named = data.scan_csv(bare, header=False, column_names=["a", "b", "c"], columns=["c"],
                          block_size=4096).to_table()
    assert named.column("c").to_pylist() == whole.column("v").to_pylist()
    packed = tmp_path / "p.csv.gz"
    packed.write_bytes(gzip.compress(p.read_bytes()))
    assert data.scan_csv(packed, skip_rows=1, block_size=4096).to_table().equals(whole)


def test_scan_csv_line_longer_than_a_block(tmp_path):
    rows = _piece_rows(5000)
    rows[3000] = f'3000,"{"y" * 100_000}",750.0'  # longer than a block, and than a piece
    p = write(tmp_path / "long.csv", "i,s,v\n" + "\n".join(rows) + "\n")
    with pytest.raises(data.DataFormatError, match=r"long.csv: .*longer than block_size=4096"):
        data.scan_csv(p, block_size=4096).to_table()
    t = data.scan_csv(p, block_size=1 << 17).to_table()
    assert t.equals(data.read_csv(p)) and len(t.column("s")[3000].as_py()) == 100_000


def test_scan_csv_names_the_line_of_a_bad_row_in_a_later_piece(tmp_path):
    rows = _piece_rows(30_000)
    rows[20_000] += ",extra"
    p = write(tmp_path / "bad.csv", "i,s,v\n" + "\n".join(rows) + "\n")
    with pytest.raises(data.DataFormatError, match=r"bad.csv: line 20002: expected 3 fields"):
        data.scan_csv(p, block_size=4096).to_table()
    stream = data.scan_csv(p, block_size=4096, on_error="skip")
    with pytest.warns(data.DataWarning):
        t = stream.to_table()
    assert t.num_rows == 29_999 and stream.report.skipped_rows == 1
    assert t.column("i").to_pylist() == [i for i in range(30_000) if i != 20_000]
    # Types come from the first piece; a later value that does not fit is named.
    late = write(tmp_path / "late.csv", "i,s,v\n" + "\n".join(_piece_rows(30_000)) + "\nx,y,z\n")
    with pytest.raises(data.DataFormatError, match=r"late.csv: after record \d+: .*'x'"):
        data.scan_csv(late, block_size=4096).to_table()
    with pytest.raises(data.DataFormatError, match=r"empty.csv: the file is empty"):
        list(data.scan_csv(write(tmp_path / "empty.csv", "")))


def test_scan_csv_left_early_stops_its_read_ahead(tmp_path):
    import threading

    p = write(tmp_path / "p.csv", "i,s,v\n" + "\n".join(_piece_rows(30_000)) + "\n")
    it = iter(data.scan_csv(p, block_size=4096))
    next(it)
    assert any(t.name == "pybridge-read-ahead" for t in threading.enumerate())
    it.close()
    assert not any(t.name == "pybridge-read-ahead" for t in threading.enumerate())


def test_scan_csv_skip_policy_per_block(tmp_path):
    lines = [f"{i},{'oops' if i == 1234 else i}" for i in range(3000)]
    p = write(tmp_path / "s.csv", "a,b\n" + "\n".join(lines) + "\n")
    stream = data.scan_csv(p, dtypes={"b": "int32"}, on_error="skip", block_size=2048)
    with pytest.warns(data.DataWarning):
        t = stream.to_table()
    assert t.num_rows == 2999 and stream.report.skipped_rows == 1
    assert "line 1236" in stream.report.examples[0]


# ---------------------------------------------------------------------- JSON, text


def test_json_lines_and_bad_line_policies(tmp_path):
    p = write(tmp_path / "a.jsonl", '{"a": 1, "s": "x"}\n{"a": 2, "s": "y"}\n')
    assert data.read_json(p).to_pydict() == {"a": [1, 2], "s": ["x", "y"]}
    assert data.read_json(p, dtypes={"a": "float32"}).schema.field("a").type == pa.float32()
    bad = write(tmp_path / "bad.jsonl", '{"a": 1}\n{"a": 2\n{"a": 3}\n')
    with pytest.raises(data.DataFormatError, match=r"bad.jsonl: line 2"):
        data.read_json(bad)
    with pytest.warns(data.DataWarning):
        t = data.read_json(bad, on_error="skip")
    assert t.column("a").to_pylist() == [1, 3]
    assert data.last_read_report().skipped_rows == 1
    assert sum(b.num_rows for b in data.scan_json(p)) == 2


def test_text_lines_and_invalid_utf8(tmp_path):
    p = write(tmp_path / "a.txt", "first\r\nsecond line\n\nlast")
    assert data.read_text(p).column("text").to_pylist() == ["first", "second line", "", "last"]
    bad = write(tmp_path / "bad.txt", b"ok\n\xff\xfe\nfine\n")
    with pytest.raises(data.DataFormatError, match=r"bad.txt: line 2: invalid UTF-8"):
        data.read_text(bad)
    with pytest.warns(data.DataWarning):
        assert data.read_text(bad, on_error="skip").column("text").to_pylist() == ["ok", "fine"]
    with pytest.warns(data.DataWarning):
        filled = data.read_text(bad, on_error="fill").column("text").to_pylist()
    assert filled[1] == "\ufffd\ufffd"
    big = write(tmp_path / "big.txt", "".join(f"line {i}\n" for i in range(3000)))
    lines = [v for b in data.scan_text(big, block_size=1000) for v in b.column(0).to_pylist()]
    assert lines == [f"line {i}" for i in range(3000)]


# ---------------------------------------------------------------------- Parquet, IPC


@pytest.mark.filterwarnings("ignore:Feather V1:DeprecationWarning")
def test_parquet_and_ipc_round_trip(tmp_path):
    t = pa.table({"x": np.arange(1000, dtype=np.float32), "y": np.arange(1000) % 3})
    pq.write_table(t, tmp_path / "t.parquet", row_group_size=256)
    assert data.read_parquet(tmp_path / "t.parquet").equals(t)
    assert data.read_parquet(tmp_path / "t.parquet", columns=["y"]).column_names == ["y"]
    batches = list(data.scan_parquet(tmp_path / "t.parquet", batch_size=100))
    assert max(b.num_rows for b in batches) <= 100 and sum(b.num_rows for b in batches) == 1000
    feather.write_feather(t, tmp_path / "t.feather")
    assert data.read_feather(tmp_path / "t.feather").equals(t)
    feather.write_feather(t, tmp_path / "v1.feather", version=1)
    assert data.read_ipc(tmp_path / "v1.feather").column("x").equals(t.column("x"))
    with pa.OSFile(str(tmp_path / "t.arrows"), "wb") as f, pa.ipc.new_stream(f, t.schema) as w:
        w.write_table(t, max_chunksize=300)
    assert data.read_ipc(tmp_path / "t.arrows").equals(t)
    assert sum(b.num_rows for b in data.scan_ipc(tmp_path / "t.arrows")) == 1000
    write(tmp_path / "junk.arrow", b"not arrow at all")
    with pytest.raises(data.DataFormatError, match=r"junk\.arrow"):
        data.read_ipc(tmp_path / "junk.arrow")


# ---------------------------------------------------------------------- SVMLight


def test_svmlight_dense_sparse_and_errors(tmp_path):
    p = write(tmp_path / "a.svm", "1 1:0.5 3:2 # comment\n-1 qid:3 2:1.5\n\n0 1:1e-1\n")
    t = data.read_svmlight(p)
    assert t.column("label").to_pylist() == [1.0, -1.0, 0.0]
    x = np.asarray(t.column("features").combine_chunks().flatten()).reshape(3, 3)
    np.testing.assert_allclose(x, [[0.5, 0, 2], [0, 1.5, 0], [0.1, 0, 0]])
    assert data.read_svmlight(p, n_features=5).schema.field("features").type.list_size == 5
    sparse = data.read_svmlight(p, dense=False, zero_based=True)
    assert sparse.column("indices").to_pylist() == [[1, 3], [2], [1]]
    bad = write(tmp_path / "bad.svm", "1 1:0.5\n2 2:abc\n3 x\n4 1:1\n")
    with pytest.raises(data.DataFormatError, match=r"bad.svm: line 2"):
        data.read_svmlight(bad)
    with pytest.warns(data.DataWarning):
        t = data.read_svmlight(bad, on_error="skip")
    assert t.column("label").to_pylist() == [1.0, 4.0]
    with pytest.warns(data.DataWarning):
        t = data.read_svmlight(bad, on_error="fill", fill_value=-9)
    assert t.column("label").to_pylist() == [1.0, 2.0, 4.0]
    assert data.last_read_report().filled_values == {"features": 1}


# ---------------------------------------------------------------------- images


def _image_folder(root):
    from PIL import Image

    rng = np.random.default_rng(0)
    for cls, n in (("cat", 3), ("dog", 2)):
        (root / cls).mkdir(parents=True)
        for i in range(n):
            px = rng.integers(0, 256, size=(10 + i, 8, 3), dtype=np.uint8)
            Image.fromarray(px).save(root / cls / f"{i}.png")
    return root


def test_images_from_class_folders(tmp_path):
    root = _image_folder(tmp_path / "imgs")
    t = data.read_images(root, size=(6, 4))
    assert t.num_rows == 5
    assert t.column("label").to_pylist() == [0, 0, 0, 1, 1]
    assert t.column("class_name").to_pylist()[-1] == "dog"
    arr = data.image_array(t)
    assert arr.shape == (5, 6, 4, 3) and arr.dtype == np.uint8
    grey = data.read_images(root, size=(6, 4), channels=1, dtype="float32")
    g = data.image_array(grey)
    assert g.shape == (5, 6, 4, 1) and g.dtype == np.float32 and g.min() >= 0 and g.max() <= 1
    with pytest.raises(ValueError, match="size="):
        data.read_images(root)
    write(root / "dog" / "broken.png", b"not a png")
    with pytest.raises(data.DataFormatError, match=r"broken\.png"):
        data.read_images(root, size=(6, 4))
    with pytest.warns(data.DataWarning):
        assert data.read_images(root, size=(6, 4), on_error="skip").num_rows == 5


def test_no_silent_drop_without_warning(tmp_path):
    p = write(tmp_path / "ok.csv", "a\n1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data.read_csv(p, on_error="skip")  # nothing skipped: no warning
