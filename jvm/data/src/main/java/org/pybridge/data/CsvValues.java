package org.pybridge.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parsing CSV text into typed values, and inferring a column's type from its texts. */
final class CsvValues {
    /** Returned by {@link #parse} for text that is not a value of the type. */
    static final Object INVALID = new Object();

    private CsvValues() {
    }

    static Object parse(String text, ColumnType type) {
        String s = text.strip();
        switch (type.kind()) {
            case INT64:
                return parseLong(s);
            case DOUBLE:
                return parseDouble(s);
            case BOOLEAN:
                if (s.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                return s.equalsIgnoreCase("false") ? Boolean.FALSE : INVALID;
            case TIMESTAMP:
                return parseTimestamp(s);
            case CATEGORICAL:
                return type.categoryIndex(text) >= 0 ? text : INVALID;
            default:
                return text;
        }
    }

    private static Object parseLong(String s) {
        if (s.isEmpty()) {
            return INVALID;
        }
        try {
            return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }

    private static Object parseDouble(String s) {
        if (s.isEmpty()) {
            return INVALID;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "nan":
            case "-nan":
            case "+nan":
                return Double.NaN;
            case "inf":
            case "+inf":
            case "infinity":
            case "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf":
            case "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Java also accepts "1d", "2f" and hex floats; CSV numbers are plain decimals.
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '-' || c == '+')) {
                return INVALID;
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return INVALID;
        }
    }

    private static Object parseTimestamp(String s) {
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).toEpochDay() * 86_400_000_000L;
            }
            String iso = s.replace(' ', 'T');
            Instant t = iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$")
                    ? Instant.parse(iso) : LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L),
                    t.getNano() / 1000);
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
    }

    /** The narrowest of int64, double, boolean that parses every text, else string. */
    static ColumnType infer(List<String> texts) {
        if (texts.isEmpty()) {
            return ColumnType.STRING;
        }
        ColumnType[] order = {ColumnType.INT64, ColumnType.DOUBLE, ColumnType.BOOLEAN};
        for (ColumnType t : order) {
            boolean all = true;
            for (String s : texts) {
                if (parse(s, t) == INVALID) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return t;
            }
        }
        return ColumnType.STRING;
    }
}
