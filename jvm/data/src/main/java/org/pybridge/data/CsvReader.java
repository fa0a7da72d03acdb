package org.pybridge.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Reads CSV/TSV into a {@link Table} for Java services: header or not, quoted fields (RFC 4180:
 * {@code "a ""quoted"", field"}, newlines inside quotes), any delimiter, types from a
 * {@link Schema} or inferred (int64, then double, then boolean, else string). Malformed rows (a
 * wrong number of fields, a value that does not parse) fail naming file, line and column, are
 * skipped and counted, or are filled with nulls and counted, as configured.
 *
 * <pre>{@code
 * CsvReader.Result r = CsvReader.builder().delimiter('\t').onMalformed(CsvReader.OnMalformed.SKIP)
 *         .build().read(Path.of("data.tsv"));
 * Table t = r.table();
 * System.out.println(r.summary());   // 1000 rows read, 2 skipped, ...
 * }</pre>
 */
public final class CsvReader {
    /** What to do with a malformed row. */
    public enum OnMalformed {
        /** Throw, naming file, line, column and value. */
        FAIL,
        /** Leave the row out and count it. */
        SKIP,
        /**
         * Read missing or unparseable values as null, counted; a row with more fields than the
         * header is left out and counted, as under SKIP (its values cannot be placed).
         */
        FILL
    }

    /** A table and what happened to bad input while reading it. */
    public record Result(Table table, ReadSummary summary) {
    }

    private final char delimiter;
    private final char quote;
    private final boolean header;
    private final Schema schema;
    private final OnMalformed onMalformed;
    private final Set<String> nullValues;

    private CsvReader(Builder b) {
        this.delimiter = b.delimiter;
        this.quote = b.quote;
        this.header = b.header;
        this.schema = b.schema;
        this.onMalformed = b.onMalformed;
        this.nullValues = Set.copyOf(b.nullValues);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a UTF-8 file. */
    public Result read(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read CSV file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** Reads CSV text from {@code in}; {@code source} names it in messages. */
    public Result read(Reader in, String source) throws IOException {
        CsvParser parser = new CsvParser(in, source, delimiter, quote);
        List<String> names = header(parser, source);
        List<CsvParser.Record> records = new ArrayList<>();
        for (CsvParser.Record r = parser.next(); r != null; r = parser.next()) {
            records.add(r);
        }
        Reading reading = new Reading(source, names, false);
        Table t = reading.table(records);
        return new Result(t, reading.summary());
    }

    /**
     * Streams a UTF-8 file as tables of at most {@code batchRows} rows, holding one batch of
     * records at a time, so files larger than memory can be served. Without a {@link Schema}
     * the types are inferred from the first batch; a later value that does not parse as its
     * column's type is then malformed (give a schema where that can happen).
     *
     * <pre>{@code
     * try (CsvReader.Batches b = CsvReader.builder().build().batches(Path.of("big.csv"), 4096)) {
     *     while (b.hasNext()) {
     *         Table t = b.next();   // up to 4096 rows
     *     }
     *     System.out.println(b.summary());
     * }
     * }</pre>
     */
    public Batches batches(Path file, int batchRows) {
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be at least 1, got " + batchRows
                    + ".");
        }
        BufferedReader r = null;
        try {
            r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            return new Batches(r, file.toString(), batchRows);
        } catch (IOException | RuntimeException e) {
            if (r != null) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("Cannot read CSV file " + file + ": "
                        + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The header's names, or null without a header; fails on an empty file with a header. */
    private List<String> header(CsvParser parser, String source) throws IOException {
        if (!header) {
            return null;
        }
        CsvParser.Record first = parser.next();
        if (first == null) {
            throw new IllegalArgumentException(source + " is empty: a header line was "
                    + "expected (set header(false) for files without one).");
        }
        return first.fields();
    }

    /**
     * Tables of at most a given number of rows read from one source in turn (see
     * {@link #batches}); {@link #summary()} covers the batches returned so far. Closing it
     * closes the file.
     */
    public final class Batches implements Iterator<Table>, AutoCloseable {
        private final Reader in;
        private final CsvParser parser;
        private final int batchRows;
        private final Reading reading;
        private CsvParser.Record pending;

        private Batches(Reader in, String source, int batchRows) throws IOException {
            this.in = in;
            this.parser = new CsvParser(in, source, delimiter, quote);
            this.batchRows = batchRows;
            this.reading = new Reading(source, header(parser, source), true);
            this.pending = parser.next();
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        /** The next batch: at least one record of the file, fewer rows if some were skipped. */
        @Override
        public Table next() {
            if (pending == null) {
                throw new NoSuchElementException("No more batches in " + reading.source + ".");
            }
            List<CsvParser.Record> records = new ArrayList<>(Math.min(batchRows, 1 << 16));
            try {
                while (pending != null && records.size() < batchRows) {
                    records.add(pending);
                    pending = parser.next();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + reading.source + ": "
                        + e.getMessage(), e);
            }
            return reading.table(records);
        }

        /** The columns and types of every batch (known once the first batch was read). */
        public Schema schema() {
            return reading.schema;
        }

        /** What happened to bad input in the batches returned so far. */
        public ReadSummary summary() {
            return reading.summary();
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot close " + reading.source + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * The state of one read: the file's columns, the schema and where its columns sit,
     * counters, problems. Converts records to tables, all at once or batch after batch.
     */
    private final class Reading {
        private final String source;
        private List<String> fileColumns;
        private final boolean streamed;
        private final List<String> problems = new ArrayList<>();
        private Schema schema;
        private int[] positions;
        private long rows;
        private long skipped;
        private long filled;

        Reading(String source, List<String> fileColumns, boolean streamed) {
            this.source = source;
            this.fileColumns = fileColumns;
            this.streamed = streamed;
        }

        private void problem(String text) {
            if (problems.size() < ReadSummary.MAX_PROBLEMS) {
                problems.add(text);
            }
        }

        ReadSummary summary() {
            return new ReadSummary(rows, skipped, filled, problems);
        }

        /** Fixes the file's columns, the schema and positions from the first records. */
        private void resolve(List<CsvParser.Record> records) {
            if (fileColumns == null) {
                if (CsvReader.this.schema != null) {
                    fileColumns = CsvReader.this.schema.names();
                } else {
                    int width = records.isEmpty() ? 0 : records.get(0).fields().size();
                    fileColumns = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        fileColumns.add("f" + i);
                    }
                }
            }
            Schema s = CsvReader.this.schema;
            if (s == null) {
                schema = infer(records);
                positions = new int[schema.size()];
                for (int j = 0; j < positions.length; j++) {
                    positions[j] = j;
                }
                return;
            }
            positions = new int[s.size()];
            Map<String, Integer> at = new HashMap<>();
            for (int i = 0; i < fileColumns.size(); i++) {
                at.putIfAbsent(fileColumns.get(i), i);
            }
            for (int j = 0; j < s.size(); j++) {
                Integer p = header ? at.get(s.name(j)) : Integer.valueOf(j);
                if (p == null) {
                    throw new IllegalArgumentException(source + " has no column '" + s.name(j)
                            + "'; its header names: " + fileColumns + ".");
                }
                positions[j] = p;
            }
            schema = s;
        }

        Table table(List<CsvParser.Record> records) {
            if (schema == null) {
                resolve(records);
            }
            Schema s = schema;
            List<List<Object>> columns = new ArrayList<>();
            for (int j = 0; j < s.size(); j++) {
                columns.add(new ArrayList<>(records.size()));
            }
            long skippedBefore = skipped;
            Object[] row = new Object[s.size()];
            for (CsvParser.Record r : records) {
                if (readRow(r, s, positions, row)) {
                    for (int j = 0; j < row.length; j++) {
                        columns.get(j).add(row[j]);
                    }
                }
            }
            List<Column> cols = new ArrayList<>();
            for (int j = 0; j < s.size(); j++) {
                cols.add(Records.column(s.name(j), s.type(j), columns.get(j)));
            }
            int n = columns.isEmpty() ? records.size() - (int) (skipped - skippedBefore)
                    : columns.get(0).size();
            rows += n;
            return new Table(cols, n);
        }

        /** Parses one record into {@code row}; false when the row is skipped. */
        private boolean readRow(CsvParser.Record r, Schema s, int[] positions, Object[] row) {
            List<String> f = r.fields();
            if (f.size() != fileColumns.size()) {
                String what = source + " line " + r.line() + ": " + f.size() + " fields, expected "
                        + fileColumns.size();
                if (onMalformed == OnMalformed.FAIL) {
                    throw new IllegalArgumentException(what + " (quote fields that hold the "
                            + "delimiter, or read with onMalformed(SKIP or FILL)).");
                }
                problem(what);
                if (onMalformed == OnMalformed.SKIP || f.size() > fileColumns.size()) {
                    skipped++;
                    return false;
                }
            }
            for (int j = 0; j < positions.length; j++) {
                int p = positions[j];
                if (p >= f.size()) {
                    filled++;
                    row[j] = null;
                    continue;
                }
                String text = f.get(p);
                if (text == null || (!r.quoted(p) && nullValues.contains(text))) {
                    row[j] = null;
                    continue;
                }
                Object v = CsvValues.parse(text, s.type(j));
                if (v == CsvValues.INVALID) {
                    String what = source + " line " + r.line() + ", column " + (p + 1) + " ('"
                            + s.name(j) + "'): '" + text + "' is not " + s.type(j).describe();
                    if (onMalformed == OnMalformed.FAIL) {
                        throw new IllegalArgumentException(what + " (fix the value, read the "
                                + "column as string, or read with onMalformed(SKIP or FILL))"
                                + (streamed && CsvReader.this.schema == null ? "; the types "
                                + "were inferred from the first batch, give a schema where "
                                + "later rows differ." : "."));
                    }
                    problem(what);
                    if (onMalformed == OnMalformed.SKIP) {
                        skipped++;
                        return false;
                    }
                    filled++;
                    v = null;
                }
                row[j] = v;
            }
            return true;
        }

        private Schema infer(List<CsvParser.Record> records) {
            Schema.Builder b = Schema.builder();
            for (int j = 0; j < fileColumns.size(); j++) {
                List<String> values = new ArrayList<>();
                for (CsvParser.Record r : records) {
                    if (j < r.fields().size() && !(nullValues.contains(r.fields().get(j))
                            && !r.quoted(j))) {
                        values.add(r.fields().get(j));
                    }
                }
                String name = fileColumns.get(j);
                if (name.isEmpty()) {
                    name = "f" + j;
                }
                b.add(name, CsvValues.infer(values));
            }
            return b.build();
        }
    }

    /** Options of a {@link CsvReader}. */
    public static final class Builder {
        private char delimiter = ',';
        private char quote = '"';
        private boolean header = true;
        private Schema schema;
        private OnMalformed onMalformed = OnMalformed.FAIL;
        private Set<String> nullValues = Set.of("");

        private Builder() {
        }

        /** The field separator (default {@code ','}; {@code '\t'} for TSV). */
        public Builder delimiter(char c) {
            this.delimiter = c;
            return this;
        }

        /** The quote character (default {@code '"'}). */
        public Builder quote(char c) {
            this.quote = c;
            return this;
        }

        /** Whether the first line names the columns (default true). */
        public Builder header(boolean h) {
            this.header = h;
            return this;
        }

        /**
         * The columns to read and their types (by header name, or by position without a
         * header); without one, all columns are read with inferred types.
         */
        public Builder schema(Schema s) {
            this.schema = s;
            return this;
        }

        /** What to do with malformed rows (default FAIL). */
        public Builder onMalformed(OnMalformed policy) {
            this.onMalformed = policy;
            return this;
        }

        /** Unquoted texts read as null (default: the empty field). */
        public Builder nullValues(Set<String> values) {
            this.nullValues = values;
            return this;
        }

        public CsvReader build() {
            if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("The delimiter must differ from the quote "
                        + "character and from line breaks.");
            }
            return new CsvReader(this);
        }
    }
}
