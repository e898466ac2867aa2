"""Small PDFs for the tests and benchmarks, written by hand: pages of text lines in Helvetica,
optional page labels (printed page numbers), optional two columns. No dependency."""

from __future__ import annotations

from collections.abc import Sequence

# ligatures are glyphs of their own, at codes 1 and 2 of the font's encoding (see make_pdf)
_LIGATURES = {"\ufb01": "\x01", "\ufb02": "\x02"}


def _escape(text: str) -> bytes:
    for ligature, code in _LIGATURES.items():
        text = text.replace(ligature, code)
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: Sequence[str], columns: int) -> bytes:
    out = [b"BT /F1 11 Tf 13 TL"]
    per_column = (len(lines) + columns - 1) // columns if columns > 1 else len(lines)
    for column in range(columns):
        chunk = lines[column * per_column : (column + 1) * per_column] if columns > 1 else lines
        x = 56 + column * 270
        out.append(f"1 0 0 1 {x} 780 Tm".encode())
        for line in chunk:
            out.append(b"(" + _escape(line) + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def make_pdf(pages: Sequence[Sequence[str]], *, first_label: int | None = None, columns: int = 1) -> bytes:
    """A PDF whose page i shows the lines pages[i]; labelled from `first_label` when given."""
    objects: list[bytes] = []
    kids = []
    font = 3
    for index, lines in enumerate(pages):
        stream = _page_stream(lines, columns)
        content_number = 4 + 2 * index + 1
        page_number = 4 + 2 * index
        kids.append(page_number)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content_number} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    labels = f" /PageLabels << /Nums [0 << /S /D /St {first_label} >>] >>" if first_label else ""
    head = [
        f"<< /Type /Catalog /Pages 2 0 R{labels} >>".encode(),
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding "
        b"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [1 /fi /fl] >> >>",
    ]
    body = head + objects
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(body, 1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n".encode() + content + b"\nendobj\n"
    xref = len(data)
    data += f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        data += f"{offset:010d} 00000 n \n".encode()
    data += f"trailer\n<< /Size {len(body) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(data)
