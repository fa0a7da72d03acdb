package org.pybridge.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Steps on strings and on timestamps. */
final class TextAndTimeSteps {
    static final List<String> TIME_FEATURES = List.of("year", "month", "day", "hour", "minute",
            "second", "day_of_week", "day_of_year");
    static final List<String> STRING_FUNCTIONS = List.of("trim", "lower", "upper");
    private static final long MICROS_PER_DAY = 86_400_000_000L;

    private TextAndTimeSteps() {
    }

    private static Map<String, Object> json(String op, String column) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("column", column);
        return m;
    }

    /** Adds int64 columns {@code column_feature} after a timestamp column (UTC). */
    record TimeFeatures(String column, List<String> features) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in == null) {
                return null;
            }
            Step.need(in, column, "time_features", ColumnType.Kind.TIMESTAMP);
            List<String> names = new ArrayList<>(List.of(column));
            List<ColumnType> types = new ArrayList<>(List.of(ColumnType.TIMESTAMP));
            for (String f : features) {
                Step.newName(in, column + "_" + f, "time_features");
                names.add(column + "_" + f);
                types.add(ColumnType.INT64);
            }
            return Step.replace(in, column, names, types);
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            int n = c.size();
            int[] which = new int[features.size()];
            for (int f = 0; f < which.length; f++) {
                which[f] = TIME_FEATURES.indexOf(features.get(f));
            }
            long[][] out = new long[which.length][n];
            long[] civil = new long[TIME_FEATURES.size()];
            for (int i = 0; i < n; i++) {
                if (!c.isValid(i)) {
                    continue;
                }
                features(c.longs[i], civil);
                for (int f = 0; f < which.length; f++) {
                    out[f][i] = civil[which[f]];
                }
            }
            List<Column> cols = new ArrayList<>(List.of(c));
            for (int f = 0; f < out.length; f++) {
                cols.add(Column.longs(column + "_" + features.get(f), ColumnType.INT64, out[f],
                        c.valid));
            }
            return Step.replace(t, column, cols);
        }

        private static final int[] DAYS_BEFORE_MONTH = {0, 31, 59, 90, 120, 151, 181, 212, 243,
            273, 304, 334};

        /**
         * All features of a timestamp, in {@link #TIME_FEATURES} order, without allocating:
         * the proleptic Gregorian date from the day number by the "civil from days" arithmetic
         * (H. Hinnant), which java.time.LocalDate also implements, but per call allocates.
         */
        static void features(long micros, long[] out) {
            long days = Math.floorDiv(micros, MICROS_PER_DAY);
            long inDay = Math.floorMod(micros, MICROS_PER_DAY);
            long z = days + 719_468;
            long era = Math.floorDiv(z, 146_097);
            long doe = z - era * 146_097;
            long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
            long doyMarch = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doyMarch + 2) / 153;
            long day = doyMarch - (153 * mp + 2) / 5 + 1;
            long month = mp < 10 ? mp + 3 : mp - 9;
            long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
            boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            out[0] = year;
            out[1] = month;
            out[2] = day;
            out[3] = inDay / 3_600_000_000L;
            out[4] = inDay / 60_000_000L % 60;
            out[5] = inDay / 1_000_000L % 60;
            // 1970-01-01 was a Thursday (3 with Monday = 0).
            out[6] = Math.floorMod(days + 3, 7);
            out[7] = DAYS_BEFORE_MONTH[(int) month - 1] + day + (leap && month > 2 ? 1 : 0);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("time_features", column);
            m.put("features", new ArrayList<Object>(features));
            return m;
        }

        @Override
        public String describe() {
            return "time_features on '" + column + "'";
        }
    }

    /** The ASCII whitespace Arrow's {@code ascii_trim_whitespace} strips. */
    static boolean asciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    static String apply(String fn, String s) {
        switch (fn) {
            case "trim": {
                int a = 0;
                int b = s.length();
                while (a < b && asciiSpace(s.charAt(a))) {
                    a++;
                }
                while (b > a && asciiSpace(s.charAt(b - 1))) {
                    b--;
                }
                return s.substring(a, b);
            }
            case "lower": return mapCodePoints(s, true);
            default: return mapCodePoints(s, false);
        }
    }

    /**
     * Per-code-point (simple) case mapping, as Arrow's utf8_lower/utf8_upper do, with
     * {@link CaseOverrides} where Java's Unicode tables differ from Arrow's.
     */
    static String mapCodePoints(String s, boolean lower) {
        if (isAscii(s)) {
            // ASCII maps to ASCII, where the JDK's locale-free mapping is the simple one.
            return lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT);
        }
        StringBuilder sb = new StringBuilder(s.length());
        int[] overrides = lower ? CaseOverrides.LOWER : CaseOverrides.UPPER;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int mapped = cp < 0x80 ? -1 : CaseOverrides.find(overrides, cp);
            if (mapped < 0) {
                mapped = lower ? Character.toLowerCase(cp) : Character.toUpperCase(cp);
            }
            sb.appendCodePoint(mapped);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** trim (ASCII whitespace), lower or upper. */
    record StringFunction(String column, String function) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in != null) {
                Step.need(in, column, function, ColumnType.Kind.STRING);
            }
            return in;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            String[] x = c.strings();
            String[] y = new String[x.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] == null ? null : TextAndTimeSteps.apply(function, x[i]);
            }
            return Step.replace(t, Column.strings(column, y));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("string", column);
            m.put("function", function);
            return m;
        }

        @Override
        public String describe() {
            return function + " on '" + column + "'";
        }
    }

    /** Replaces every occurrence of a literal pattern. */
    record ReplaceString(String column, String pattern, String replacement) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in != null) {
                Step.need(in, column, "replace_string", ColumnType.Kind.STRING);
            }
            return in;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            String[] x = c.strings();
            String[] y = new String[x.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = x[i] == null ? null : x[i].replace(pattern, replacement);
            }
            return Step.replace(t, Column.strings(column, y));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("replace_string", column);
            m.put("pattern", pattern);
            m.put("replacement", replacement);
            return m;
        }

        @Override
        public String describe() {
            return "replace_string on '" + column + "'";
        }
    }

    /** Maps whole values; values not in the mapping are kept. */
    record MapValues(String column, Map<String, String> mapping) implements Step {
        @Override
        public Schema outputSchema(Schema in) {
            if (in != null) {
                Step.need(in, column, "map_values", ColumnType.Kind.STRING);
            }
            return in;
        }

        @Override
        public Table apply(Table t, Schema in) {
            Column c = t.column(column);
            String[] x = c.strings();
            String[] y = new String[x.length];
            for (int i = 0; i < y.length; i++) {
                String s = x[i];
                y[i] = s == null ? null : mapping.getOrDefault(s, s);
            }
            return Step.replace(t, Column.strings(column, y));
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = json("map_values", column);
            m.put("mapping", new LinkedHashMap<String, Object>(mapping));
            return m;
        }

        @Override
        public String describe() {
            return "map_values on '" + column + "'";
        }
    }
}
