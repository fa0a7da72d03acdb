package org.pybridge.nn.internal;

import java.util.regex.Pattern;

/**
 * The rule for entry names in model files: relative paths of plain segments, so that no entry
 * can escape a directory it is extracted into, on any operating system.
 */
public final class ZipNames {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");
    private static final int MAX_LENGTH = 255;

    private ZipNames() {
    }

    /**
     * Why {@code name} is unsafe, or null when it is fine: it must be a relative path of
     * segments made of letters, digits, '_', '.', '+' and '-' (not starting with '.' or '-'),
     * separated by '/'. This refuses "..", absolute paths, backslashes, drive letters, empty
     * segments and control characters.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "an empty name";
        }
        if (name.length() > MAX_LENGTH) {
            return "a name longer than " + MAX_LENGTH + " characters";
        }
        if (name.startsWith("/")) {
            return "an absolute path";
        }
        if (name.indexOf('\\') >= 0) {
            return "a backslash";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "a '" + segment + "' path segment";
            }
            if (!SEGMENT.matcher(segment).matches()) {
                return segment.isEmpty() ? "an empty path segment"
                        : "the segment '" + printable(segment) + "' (allowed: letters, digits,"
                                + " '_', '.', '+', '-', not starting with '.' or '-')";
            }
        }
        return null;
    }

    /** The name with control and non-ASCII characters escaped, for error messages. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 300; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
