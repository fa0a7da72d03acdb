package org.pybridge.data;

import java.util.List;

/**
 * What a reader did with bad input: rows read, rows skipped, values filled with null, and the
 * first problems in words (file, line, column, value). Nothing is dropped without being counted.
 *
 * <pre>{@code
 * CsvReader.Result r = CsvReader.builder().onMalformed(CsvReader.OnMalformed.SKIP).build()
 *         .read(Path.of("data.csv"));
 * if (r.summary().rowsSkipped() > 0) log.warn(r.summary().toString());
 * }</pre>
 *
 * @param rowsRead rows in the resulting table
 * @param rowsSkipped malformed rows left out (policy SKIP; under FILL, rows with too many fields)
 * @param valuesFilled missing or unparseable values read as null (policy FILL)
 * @param problems the first problems found (at most {@link #MAX_PROBLEMS}), in words
 */
public record ReadSummary(long rowsRead, long rowsSkipped, long valuesFilled,
                          List<String> problems) {
    /** How many problem descriptions a summary keeps. */
    public static final int MAX_PROBLEMS = 20;

    public ReadSummary {
        problems = List.copyOf(problems);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(rowsRead).append(" rows read, ").append(rowsSkipped).append(" skipped, ")
                .append(valuesFilled).append(" values filled with null");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
