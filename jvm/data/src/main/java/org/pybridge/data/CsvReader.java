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
import java.util.List;
import java.util.Map;
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
        /** Read missing or unparseable values as null (extra fields are dropped), counted. */
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
        List<String> names;
        CsvParser.Record first = null;
        if (header) {
            first = parser.next();
            if (first == null) {
                throw new IllegalArgumentException(source + " is empty: a header line was "
                        + "expected (set header(false) for files without one).");
            }
            names = first.fields();
        } else {
            names = null;
        }
        List<CsvParser.Record> records = new ArrayList<>();
        for (CsvParser.Record r = parser.next(); r != null; r = parser.next()) {
            records.add(r);
        }
        if (names == null) {
            if (schema != null) {
                names = schema.names();
            } else {
                int width = records.isEmpty() ? 0 : records.get(0).fields().size();
                names = new ArrayList<>();
                for (int i = 0; i < width; i++) {
                    names.add("f" + i);
                }
            }
        }
        return new Reading(source, names, records).run();
    }

    /** The state of one read: positions of the wanted columns, counters, problems. */
    private final class Reading {
        private final String source;
        private final List<String> fileColumns;
        private final List<CsvParser.Record> records;
        private final List<String> problems = new ArrayList<>();
        private long skipped;
        private long filled;

        Reading(String source, List<String> fileColumns, List<CsvParser.Record> records) {
            this.source = source;
            this.fileColumns = fileColumns;
            this.records = records;
        }

        private void problem(String text) {
            if (problems.size() < ReadSummary.MAX_PROBLEMS) {
                problems.add(text);
            }
        }

        Result run() {
            Schema s = schema;
            int[] positions;
            if (s == null) {
                s = infer();
                positions = new int[s.size()];
                for (int j = 0; j < positions.length; j++) {
                    positions[j] = j;
                }
            } else {
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
            }
            List<List<Object>> columns = new ArrayList<>();
            for (int j = 0; j < s.size(); j++) {
                columns.add(new ArrayList<>(records.size()));
            }
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
            int rows = columns.isEmpty() ? records.size() - (int) skipped
                    : columns.get(0).size();
            Table t = new Table(cols, rows);
            return new Result(t, new ReadSummary(rows, skipped, filled, problems));
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
                if (onMalformed == OnMalformed.SKIP) {
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
                                + "column as string, or read with onMalformed(SKIP or FILL)).");
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

        private Schema infer() {
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
