// Parsing the signature table and binding a call's arguments to it the way
// Python does, with CPython's TypeError messages (unexpected keyword, too many
// positionals, missing required, multiple values).
import { OpFailure, notModelled } from './failure';
import { float, int, isUnknownValue, tuple } from './values';
import type { OpParam, OpValue, TensorValue } from './types';

export interface Signature {
  /** The Python function's name, as CPython's messages show it. */
  readonly fn: string;
  readonly params: readonly OpParam[];
  /** Dotted paths without `keras.`: `ops.sum`, `ops.numpy.sum`. */
  readonly paths: readonly string[];
}

/** Parses `name(a, b=1, *args, c=None, **kw) path path`. */
export function parseSignature(text: string): Signature {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fn = text.slice(0, open);
  const paths = text.slice(close + 1).trim().split(/\s+/);
  const params: OpParam[] = [];
  let keywordOnly = false;
  for (const part of splitTop(text.slice(open + 1, close))) {
    if (part === '') continue;
    if (part === '*') {
      keywordOnly = true;
      continue;
    }
    if (part.startsWith('**')) {
      params.push({ name: part.slice(2), kind: 'varkw' });
      continue;
    }
    if (part.startsWith('*')) {
      params.push({ name: part.slice(1), kind: 'varargs' });
      keywordOnly = true;
      continue;
    }
    const eq = part.indexOf('=');
    const kind = keywordOnly ? 'keyword' : 'positional';
    if (eq < 0) params.push({ name: part, kind });
    else params.push({ name: part.slice(0, eq), kind, default: parseLiteral(part.slice(eq + 1)) });
  }
  return { fn, params, paths };
}

function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  parts.push(cur.trim());
  return parts;
}

/** A Python literal of a default value: None, True, 1, 1e-05, 'x', (0, 1). */
export function parseLiteral(s: string): OpValue {
  s = s.trim();
  if (s === 'None') return null;
  if (s === 'True') return true;
  if (s === 'False') return false;
  if (s.startsWith("'") || s.startsWith('"')) return s.slice(1, -1);
  if (s.startsWith('(')) {
    const items = splitTop(s.slice(1, -1)).filter((x) => x !== '');
    return tuple(...items.map(parseLiteral));
  }
  if (/^-?\d+$/.test(s)) return int(Number(s));
  if (/^-?[\d.]+(e-?\d+)?$/.test(s)) return float(Number(s));
  return { kind: 'unknown', why: `default ${s}` };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
function nameList(names: readonly string[]): string {
  const q = names.map((n) => `'${n}'`);
  if (q.length === 1) return q[0];
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}

/** The arguments of one call, bound to a signature. */
export class OpArgs {
  constructor(
    readonly fn: string,
    private readonly bound: ReadonlyMap<string, OpValue>,
    private readonly params: readonly OpParam[],
    /** Extra positionals (`*args`). */
    readonly varargs: readonly OpValue[],
    /** Extra keywords (`**kwargs`). */
    readonly varkw: Readonly<Record<string, OpValue>>,
  ) {}

  /** True when the caller passed this parameter. */
  has(name: string): boolean {
    return this.bound.has(name);
  }
  /** The bound value or its default, unknown values included. */
  raw(name: string): OpValue {
    const v = this.bound.get(name);
    if (v !== undefined) return v;
    const p = this.params.find((q) => q.name === name);
    return p?.default ?? null;
  }
  /** The bound value or its default; an unknown value stops the evaluation as 'unknown'. */
  get(name: string): OpValue {
    const v = this.raw(name);
    if (isUnknownValue(v)) notModelled(`\`${name}\` is not known statically`);
    return v;
  }
  /** A tensor argument; anything else is not modelled by the caller of this helper. */
  tensor(name: string): TensorValue {
    const v = this.get(name);
    if (typeof v === 'object' && v !== null && v.kind === 'tensor') return v;
    return notModelled(`\`${name}\` is not a symbolic tensor`);
  }
}

/** Binds positional and keyword arguments like CPython does. */
export function bindCall(sig: Signature, args: readonly OpValue[], kwargs: Readonly<Record<string, OpValue>>): OpArgs {
  const fn = sig.fn;
  const positional = sig.params.filter((p) => p.kind === 'positional');
  const hasVarargs = sig.params.some((p) => p.kind === 'varargs');
  const hasVarkw = sig.params.some((p) => p.kind === 'varkw');
  const bound = new Map<string, OpValue>();
  const n = Math.min(args.length, positional.length);
  for (let i = 0; i < n; i++) bound.set(positional[i].name, args[i]);
  const varargs = hasVarargs ? args.slice(positional.length) : [];
  const varkw: Record<string, OpValue> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const p = sig.params.find((q) => q.name === k && (q.kind === 'positional' || q.kind === 'keyword'));
    if (!p) {
      if (hasVarkw) {
        varkw[k] = v;
        continue;
      }
      throw new OpFailure('TypeError', `${fn}() got an unexpected keyword argument '${k}'`, 'unknown-argument');
    }
    if (bound.has(k)) throw new OpFailure('TypeError', `${fn}() got multiple values for argument '${k}'`);
    bound.set(k, v);
  }
  if (!hasVarargs && args.length > positional.length) {
    const required = positional.filter((p) => p.default === undefined).length;
    const takes =
      required === positional.length
        ? `takes ${plural(positional.length, 'positional argument')}`
        : `takes from ${required} to ${positional.length} positional arguments`;
    throw new OpFailure('TypeError', `${fn}() ${takes} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  const missing = positional.filter((p) => p.default === undefined && !bound.has(p.name)).map((p) => p.name);
  if (missing.length) {
    throw new OpFailure('TypeError', `${fn}() missing ${plural(missing.length, 'required positional argument')}: ${nameList(missing)}`);
  }
  const missingKw = sig.params.filter((p) => p.kind === 'keyword' && p.default === undefined && !bound.has(p.name)).map((p) => p.name);
  if (missingKw.length) {
    throw new OpFailure('TypeError', `${fn}() missing ${plural(missingKw.length, 'required keyword-only argument')}: ${nameList(missingKw)}`);
  }
  return new OpArgs(fn, bound, sig.params, varargs, varkw);
}
