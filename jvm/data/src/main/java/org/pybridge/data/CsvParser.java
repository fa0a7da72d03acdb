package org.pybridge.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Splits CSV text into records (RFC 4180 quoting; CRLF, LF or CR line ends). */
final class CsvParser {
    /** One record: its fields, the line it starts on (from 1), which fields were quoted. */
    record Record(List<String> fields, long line, List<Boolean> quotedFlags) {
        boolean quoted(int i) {
            return quotedFlags.get(i);
        }
    }

    private final Reader in;
    private final String source;
    private final char delimiter;
    private final char quote;
    private final char[] buf = new char[1 << 16];
    private int len;
    private int pos;
    private long line = 1;
    private boolean eof;

    CsvParser(Reader in, String source, char delimiter, char quote) {
        this.in = in;
        this.source = source;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    private int read() throws IOException {
        if (pos == len) {
            if (eof) {
                return -1;
            }
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                eof = true;
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c >= 0) {
            pos--;
        }
        return c;
    }

    /** The next record, or null at the end; blank lines are skipped. */
    Record next() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(read());
                continue;
            }
            return record();
        }
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private Record record() throws IOException {
        long start = line;
        List<String> fields = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            sb.setLength(0);
            boolean q = false;
            int c = read();
            if (c == quote) {
                q = true;
                while (true) {
                    c = read();
                    if (c < 0) {
                        throw new IllegalArgumentException(source + " line " + start + ": a "
                                + "quoted field is never closed (missing " + quote + ").");
                    }
                    if (c == quote) {
                        if (peek() == quote) {
                            sb.append(quote);
                            read();
                            continue;
                        }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    sb.append((char) c);
                }
                c = read();
                // Text after a closing quote is kept, as most CSV writers' readers do.
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    sb.append((char) c);
                    c = read();
                }
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    sb.append((char) c);
                    c = read();
                }
            }
            fields.add(sb.toString());
            quoted.add(q);
            if (c == delimiter) {
                continue;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(c);
            }
            return new Record(fields, start, quoted);
        }
    }
}
