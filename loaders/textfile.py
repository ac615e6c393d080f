"""Reading an input file's bytes as text, with clear errors for binary and badly encoded files."""
from __future__ import annotations

from pathlib import Path

from .records import LoaderError

MAX_BYTES = 64 * 1024 * 1024


def read_text(path: Path) -> str:
    """The file's text (UTF-8, BOM dropped, newlines normalised); LoaderError if it is not text."""
    data = _read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoaderError(f"the file is not valid UTF-8 (byte {err.start}: {err.reason})", path.name) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_lines(path: Path) -> list[str | LoaderError]:
    """The file's lines, each decoded on its own: a line that is not UTF-8 is that line's LoaderError."""
    data = _read_bytes(path)
    lines: list[str | LoaderError] = []
    for number, raw in enumerate(data.removeprefix(b"\xef\xbb\xbf").splitlines(), start=1):  # \n, \r\n or \r
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as err:
            lines.append(LoaderError(f"line {number} is not valid UTF-8 (byte {err.start}: {err.reason})", path.name))
    return lines


def _read_bytes(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LoaderError(f"the file is {size} bytes, over the limit of {MAX_BYTES}", path.name)
    data = path.read_bytes()
    if not data.strip():
        raise LoaderError("the file is empty", path.name)
    if b"\x00" in data[:8192]:
        raise LoaderError("the file is binary (it holds NUL bytes), not text", path.name)
    return data
