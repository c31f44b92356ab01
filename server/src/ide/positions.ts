// Offsets ↔ lines and columns for one text. Offsets and columns are JS string
// indices (UTF-16 code units), 0-based, as in the analysis and in LSP:
//
//   const index = new LineIndex('a = 1\nb = 2\n');
//   index.position(8)  // { line: 1, column: 2 }
//   index.lineText(1)  // 'b = 2'
//
// A line ends at '\n', '\r\n' or a lone '\r' (the breaks Python accepts).

export interface LineColumn {
  /** 0-based line. */
  readonly line: number;
  /** 0-based column in UTF-16 code units. */
  readonly column: number;
}

export class LineIndex {
  /** Offset where each line starts; lineStarts[0] === 0. */
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') === -1) {
      // Only '\n' breaks: let indexOf find them (much faster than reading every character).
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) starts.push(i + 1);
      else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line and column of `offset` (clamped to the text). */
  position(offset: number): LineColumn {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: at - this.lineStarts[low] };
  }

  /** The offset of a line and column (both clamped: a column past the end gives the line's end). */
  offset(line: number, column: number): number {
    if (line < 0) return 0;
    if (line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[line];
    return Math.min(start + Math.max(0, column), this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** The offset just before the line break of `line`. */
  lineEnd(line: number): number {
    const l = Math.max(0, Math.min(line, this.lineStarts.length - 1));
    let end = l + 1 < this.lineStarts.length ? this.lineStarts[l + 1] : this.text.length;
    if (end > this.lineStarts[l] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[l] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
}
