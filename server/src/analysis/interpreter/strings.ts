// Python's text: string literals and their escapes, f-string formatting,
// `str()` of the values the interpreter follows, number literals, and the
// operators of a comparison chain.
//
//   pyStrOf((1, 'a'))   → "(1, 'a')"
import type { SyntaxNode } from '../../python/syntax';
import { PyFloat, PyList, PyTuple, UNKNOWN, numberOf, type Value } from '../values';
import { exactInt } from './operators';

/** A short quote of source text for a reason. */
export function quote(node: SyntaxNode): string {
  const t = node.text.replace(/\s+/g, ' ');
  return `\`${t.length > 40 ? `${t.slice(0, 37)}…` : t}\``;
}

/** The reason for what an undecidable condition leaves unknown. */
export function conditionWhy(line: number, cond: SyntaxNode): string {
  return `the condition ${quote(cond)} on line ${line} is not known`;
}

export function unescapePython(s: string): string {
  return s.replace(/\\(n|t|r|\\|'|"|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\n)/g, (_m, g: string) => {
    switch (g[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'x':
      case 'u':
        return String.fromCharCode(parseInt(g.slice(1), 16));
      case '\n':
        return '';
      default:
        return g;
    }
  });
}

export function pyStrOf(v: Value): string | undefined {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof PyFloat) return Number.isInteger(v.v) ? `${v.v}.0` : String(v.v);
  if (v instanceof PyTuple || v instanceof PyList) {
    const parts = v.items.map((x) => (typeof x === 'string' ? `'${x}'` : pyStrOf(x)));
    if (parts.some((p) => p === undefined)) return undefined;
    return v instanceof PyList ? `[${parts.join(', ')}]` : `(${parts.join(', ')}${parts.length === 1 ? ',' : ''})`;
  }
  return undefined;
}

export function formatInterpolation(v: Value, spec: string | undefined, conv: string | undefined): string {
  const s = conv === '!r' && typeof v === 'string' ? `'${v}'` : (pyStrOf(v) ?? '?');
  if (!spec) return s;
  const n = numberOf(v);
  const m = /^([<>^]?)(\d*)(,?)(?:\.(\d+))?([dfe%]?)$/.exec(spec);
  if (!m) return s;
  let body = s;
  if (n !== undefined && (m[4] !== undefined || m[5] === 'f')) body = n.toFixed(Number(m[4] ?? 6));
  if (n !== undefined && m[3] === ',') body = n.toLocaleString('en-US', { maximumFractionDigits: Number(m[4] ?? 0) });
  const width = Number(m[2] || 0);
  if (body.length < width) body = m[1] === '<' ? body.padEnd(width) : body.padStart(width);
  return body;
}


/** The value of an integer literal (unknown for an imaginary one). */
export function integerLiteral(text: string): Value {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('j')) return UNKNOWN;
  const n = t.startsWith('0o') ? parseInt(t.slice(2), 8) : Number(t.startsWith('0') && t.length > 1 && /^\d+$/.test(t) ? parseInt(t, 10) : t);
  return exactInt(n);
}

/** The number of a float literal, or null for an imaginary one. */
export function floatLiteral(text: string): number | null {
  const t = text.replace(/_/g, '');
  return /j$/i.test(t) ? null : Number(t);
}

/** The operators of a comparison chain, in order (`not in`, `is not` as one each). */
export function comparisonOperators(node: SyntaxNode): string[] {
  const ops: string[] = [];
  let pending = '';
  for (const c of node.children) {
    if (c.isNamed) {
      if (pending) ops.push(pending.trim().replace(/\s+/g, ' '));
      pending = '';
    } else pending += ` ${c.type}`;
  }
  return ops;
}
