/**
 * QR modules → one SVG path (a run of dark modules per row becomes one rectangle), computed
 * locally with the `qrcode` package: no network, no canvas, no markup strings.
 */
export interface QrMatrix {
  size: number;
  get(row: number, col: number): number | boolean;
}

export function qrPath(m: QrMatrix, quiet = 2): { d: string; viewBox: number } {
  const parts: string[] = [];
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.get(r, c)) c++;
      parts.push(`M${start + quiet} ${r + quiet}h${c - start}v1h${start - c}z`);
    }
  }
  return { d: parts.join(''), viewBox: m.size + quiet * 2 };
}
