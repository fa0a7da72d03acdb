package org.pybridge.spark.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.pybridge.data.TransformProcess;

/**
 * Runs a TransformProcess on one partition with the JVM executor, {@code chunkRows} rows at a
 * time, so a partition never has to fit in memory as a table. Only the JSON travels to the
 * executors: the transform is parsed there once per task.
 */
public final class TransformTask implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final String json;
    private final int chunkRows;
    private final boolean instants;

    public TransformTask(String json, int chunkRows, boolean instants) {
        this.json = json;
        this.chunkRows = chunkRows;
        this.instants = instants;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        TransformProcess tp = TransformProcess.fromJson(json);
        return new Iterator<>() {
            private final List<Row> in = new ArrayList<>(chunkRows);
            private final List<Row> out = new ArrayList<>();
            private int next;

            @Override
            public boolean hasNext() {
                // A filter may drop a whole chunk: keep reading until rows come out or the
                // partition ends.
                while (next == out.size() && input.hasNext()) {
                    in.clear();
                    while (in.size() < chunkRows && input.hasNext()) {
                        in.add(input.next());
                    }
                    out.clear();
                    next = 0;
                    TableRows.toRows(tp.execute(TableRows.toTable(in, tp.schema())), instants,
                            out);
                }
                return next < out.size();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return out.get(next++);
            }
        };
    }
}
