"""Physical line numbers for the CSV rows that error messages name.

pyarrow numbers a CSV row by the rows before it: empty lines are not counted, and a quoted
value that spans lines makes one row of several lines. A message that says "line N" must name
the line an editor shows, so :class:`LineFinder` maps pyarrow's row number to that line by
scanning the text, only when a message needs it (a bad file, never a clean read)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["LineFinder"]

_CHUNK = 1 << 20


class LineFinder:
    """Maps pyarrow's 1-based CSV row numbers to physical line numbers.

    Queries in increasing order continue one forward scan; an earlier row starts it again.

    >>> import io
    >>> f = LineFinder(lambda: io.BytesIO(b'a,b\\n\\n1,"x\\ny"\\n\\n2,3\\n'), '"')
    >>> [f.line_of(n) for n in (1, 2, 3)]
    [1, 3, 6]
    """

    def __init__(self, opener: Callable[[], Any], quote_char: str | bool) -> None:
        self._opener = opener
        self._quote = quote_char.encode() if isinstance(quote_char, str) and quote_char else b""
        self._stream: Any = None
        self._reset()

    def _reset(self) -> None:
        if self._stream is not None:
            self._stream.close()
        self._stream = None
        self._lines = 0  # physical lines consumed
        self._rows = 0  # rows begun within them
        self._inside = False  # within a quoted value that continues on the next line
        self._rest = b""  # a partial line read but not consumed

    def line_of(self, row: int) -> int:
        """The line on which row number ``row`` begins (``row`` itself if the text ends
        first, or cannot be read again)."""
        if row <= self._rows:
            self._reset()
        try:
            if self._stream is None:
                self._stream = self._opener()
            while True:
                found = self._scan(row)
                if found is not None:
                    return found
                if not self._more():
                    return row
        except OSError:
            return row

    def _more(self) -> bool:
        data = self._stream.read(_CHUNK)
        if not data:
            if self._rest:  # the last line, without a newline
                self._rest += b"\n"
                return True
            return False
        self._rest += data
        return True

    def _scan(self, row: int) -> int | None:
        text = self._rest
        end = text.rfind(b"\n") + 1
        if not end:
            return None
        whole, self._rest = text[:end], text[end:]
        n = whole.count(b"\n")
        plain = (not self._inside and not (self._quote and self._quote in whole)
                 and b"\n\n" not in whole and b"\n\r\n" not in whole
                 and not whole.startswith((b"\n", b"\r\n")))
        if plain:  # every line starts a row
            if self._rows + n >= row:
                at = self._lines + row - self._rows
                self._keep(whole, at - self._lines, row)
                return at
            self._lines += n
            self._rows += n
            return None
        lines = whole.split(b"\n")[:-1]
        for i, line in enumerate(lines):
            self._lines += 1
            starts = not self._inside and line not in (b"", b"\r")
            if self._quote and line.count(self._quote) % 2:
                self._inside = not self._inside
            if starts:
                self._rows += 1
                if self._rows == row:
                    self._rest = b"".join(x + b"\n" for x in lines[i + 1:]) + self._rest
                    return self._lines
        return None

    def _keep(self, whole: bytes, used: int, row: int) -> None:
        """After a hit on a plain chunk: consume its first ``used`` lines, keep the rest."""
        self._rest = whole.split(b"\n", used)[-1] + self._rest
        self._lines += used
        self._rows = row
