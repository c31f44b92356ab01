// Python-style rendering of values in messages and hints:
// formatShape([null, 61, 61, 24]) === '(None, 61, 61, 24)', formatCount(4632) === '4,632'.
import type { Dim, PyValue, Shape } from './types';

export function formatDim(d: Dim): string {
  if (d === null) return 'None';
  if (d > Number.MAX_SAFE_INTEGER || d < -Number.MAX_SAFE_INTEGER) return `≈${d.toPrecision(4)}`;
  return String(d);
}

/** A shape as a Python tuple: `(None, 10)`, `(5,)`, `()`. */
export function formatShape(shape: Shape): string {
  const n = shape.length;
  if (n === 0) return '()';
  if (n === 1) return `(${formatDim(shape[0])},)`;
  let out = `(${formatDim(shape[0])}`;
  for (let i = 1; i < n; i++) out += `, ${formatDim(shape[i])}`;
  return `${out})`;
}

/** Like `formatShape` but as a Python list, the way Keras prints some shapes: `[None, 10]`. */
export function formatShapeList(shape: Shape): string {
  return `[${shape.map(formatDim).join(', ')}]`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  // Beyond 2**53 a JS number is not an exact integer any more: the count is shown as approximate.
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) return `≈${n.toPrecision(4)}`;
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  // Grouping by hand: toLocaleString costs microseconds per call, and hints format many counts.
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}

/** A value as Python's `repr` would show it. */
export function pyRepr(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(v);
  if (typeof v === 'string') return `'${v}'`;
  if (Array.isArray(v)) {
    const items = (v as readonly PyValue[]).map(pyRepr);
    return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  const o = v as Exclude<PyValue, null | boolean | number | string | readonly PyValue[]>;
  switch (o.kind) {
    case 'layer':
      return `<${o.className}>`;
    case 'unknown':
      return '?';
    case 'dict':
      return `{${Object.entries(o.entries)
        .map(([k, x]) => `'${k}': ${pyRepr(x)}`)
        .join(', ')}}`;
    case 'opaque':
      return o.repr;
  }
}

/** Keras's auto name for a class: `Conv2DTranspose` → `conv2d_transpose`. */
export function snakeCase(className: string): string {
  let s = snakeNames.get(className);
  if (s === undefined) {
    s = snakeCaseOf(className);
    if (snakeNames.size < 10_000) snakeNames.set(className, s);
  }
  return s;
}

/** Memo of `snakeCase` (a pure function called for every evaluation). */
const snakeNames = new Map<string, string>();

function snakeCaseOf(className: string): string {
  const s = className.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2');
  return s.toLowerCase();
}

/** A value as Python's `str` would show it (strings without quotes), as in f-string messages. */
export function pyStr(v: PyValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
