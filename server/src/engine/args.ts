// Binding a call's positional and keyword arguments to a LayerSpec's
// parameters, and typed reads with Keras's validation.
//
//   const a = bindArguments(spec, { positional: [24, [8, 8]], keywords: { strides: 2 } });
//   a.intTuple('kernel_size', 2)  // [8, 8]
//   a.intTuple('strides', 2)      // [2, 2]
import { LayerError, UnknownValueError } from './errors';
import { pyRepr, pyStr } from './format';
import type { ArgExpectation, CallArgs, DictArgValue, LayerArgValue, PyValue, Teaching } from './types';

/** Keywords every Keras 3 layer accepts (base `Layer.__init__`). */
export const BASE_KEYWORDS: readonly string[] = [
  'name',
  'dtype',
  'trainable',
  'autocast',
  'activity_regularizer',
  'input_shape',
  'input_dim',
];

export function isUnknown(v: PyValue | undefined): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'unknown';
}
export function isLayerValue(v: PyValue | undefined): v is LayerArgValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'layer';
}
export function isDictValue(v: PyValue | undefined): v is DictArgValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'dict';
}
function isIntValue(v: PyValue | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export class ArgReader {
  constructor(
    readonly className: string,
    private readonly table: BindingTable,
    /** Values passed for the spec's parameters, by position; undefined when not passed. */
    private readonly slots: (PyValue | undefined)[],
    /** Keywords passed that are not parameters (base Layer keywords, extra ones); null when none. */
    private readonly extra: Map<string, PyValue> | null,
    /** The value an unknown integer argument takes (CallArgs.probe). */
    private readonly probe?: number,
  ) {}

  /** `get` for an argument that must be an integer: an unknown value is the probe when probing (CallArgs.probe). */
  getInteger(name: string): PyValue {
    return this.probed(name) ?? this.get(name);
  }

  /** The probe size when probing: what a size set by the data (a vocabulary learnt by `adapt()`) takes. */
  probeSize(): number | undefined {
    return this.probe;
  }

  /** The probe for an argument whose value is unknown, when probing (a size that depends on it is then the probe's). */
  probed(name: string): number | undefined {
    if (this.probe === undefined) return undefined;
    const v = this.raw(name);
    return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'unknown' ? this.probe : undefined;
  }

  /** True when the user passed this argument (positionally or by keyword). */
  has(name: string): boolean {
    const i = this.table.position.get(name);
    if (i !== undefined) return this.slots[i] !== undefined;
    return this.extra !== null && this.extra.has(name);
  }

  /** The bound value (default if not passed); may be an unknown marker. */
  raw(name: string): PyValue {
    const i = this.table.position.get(name);
    let v: PyValue | undefined;
    if (i !== undefined) {
      v = this.slots[i];
      if (v === undefined) v = this.table.defaultAt[i];
    } else if (this.extra !== null) v = this.extra.get(name);
    return v === undefined ? null : v;
  }

  /** The bound value; throws UnknownValueError if the analysis could not determine it. */
  get(name: string): PyValue {
    const v = this.raw(name);
    if (typeof v === 'object' && v !== null) {
      if (Array.isArray(v)) {
        const items = v as readonly PyValue[];
        for (let i = 0; i < items.length; i++) {
          if (isUnknown(items[i])) throw new UnknownValueError(`\`${name}\` is not known statically`);
        }
      } else if ((v as { kind: string }).kind === 'unknown') throw new UnknownValueError(`\`${name}\` is not known statically`);
    }
    return v;
  }

  invalid(name: string, expected: string): never {
    const type = expected.replace(/^an? /, '');
    const plain = type === 'integer' || type === 'positive integer' || type === 'number' || type === 'string';
    throw new LayerError(
      'invalid-argument',
      `Received an invalid value for \`${name}\`, expected ${expected}. Received: ${name}=${pyStr(this.raw(name))}`,
      'construct',
      plain ? argumentTeaching(name, this.raw(name), { type }) : undefined,
    );
  }

  int(name: string): number {
    const v = this.probed(name) ?? this.get(name);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (!isIntValue(v)) this.invalid(name, 'an integer');
    return v;
  }

  /** A strictly positive integer, with Keras's usual message. */
  positiveInt(name: string): number {
    const v = this.probed(name) ?? this.get(name);
    if (!isIntValue(v) || v <= 0) this.invalid(name, 'a positive integer');
    return v;
  }

  intOrNull(name: string): number | null {
    const v = this.get(name);
    return v === null ? null : this.int(name);
  }

  number(name: string): number {
    const v = this.get(name);
    if (typeof v !== 'number') this.invalid(name, 'a number');
    return v;
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (v === null) return false;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') return v.length > 0;
    if (Array.isArray(v)) return v.length > 0;
    return true;
  }

  str(name: string): string {
    const v = this.get(name);
    if (typeof v !== 'string') this.invalid(name, 'a string');
    return v;
  }

  strOrNull(name: string): string | null {
    const v = this.get(name);
    return v === null ? null : this.str(name);
  }

  /**
   * Keras's `standardize_tuple`: an int becomes n copies; a tuple must have n
   * integers. `allowZero` mirrors the argument of the same name.
   */
  intTuple(name: string, n: number, allowZero = false): number[] {
    const v = this.get(name);
    // Filled by push, the array stays packed like the literals and copies elsewhere (one element kind, monomorphic code).
    const nums: number[] = [];
    if (isIntValue(v)) {
      for (let i = 0; i < n; i++) nums.push(v);
    } else if (Array.isArray(v) && (v as readonly PyValue[]).length === n) {
      const items = v as readonly PyValue[];
      for (let i = 0; i < n; i++) {
        const x = items[i];
        if (!isIntValue(x)) this.notTuple(name, n, v);
        nums.push(x);
      }
    } else this.notTuple(name, n, v);
    let ok = true;
    for (let i = 0; i < n; i++) if (allowZero ? nums[i] < 0 : nums[i] <= 0) ok = false;
    if (!ok) {
      const bad = [...new Set(nums.filter((x) => (allowZero ? x < 0 : x <= 0)))];
      const req = allowZero ? '>= 0' : '> 0';
      throw new LayerError(
        'invalid-argument',
        `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${pyRepr(v)}, including values {${bad.join(', ')}} that do not satisfy \`value ${req}\``,
        'construct',
        argumentTeaching(name, v, { type: 'tuple', size: n, min: allowZero ? 0 : 1 }),
      );
    }
    return nums;
  }

  private notTuple(name: string, n: number, v: PyValue): never {
    throw new LayerError(
      'invalid-argument',
      `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${pyRepr(v)}`,
      'construct',
      argumentTeaching(name, v, { type: 'tuple', size: n, min: 1 }),
    );
  }

  /** A string argument that must be one of `options` (compared lower-cased, like Keras). */
  oneOf<T extends string>(name: string, options: readonly T[], message?: string): T {
    const v = this.get(name);
    const s = typeof v === 'string' ? v.toLowerCase() : v;
    if (typeof s !== 'string' || !(options as readonly string[]).includes(s)) {
      throw new LayerError(
        'invalid-argument',
        message ??
          `Invalid value for argument \`${name}\`. Expected one of {${options.map((o) => `'${o}'`).join(', ')}}. Received: ${name}=${pyRepr(v)}`,
        'construct',
        argumentTeaching(name, v, { type: 'one of', options }),
      );
    }
    return s as T;
  }

  /** `data_format`, with `None` meaning the configured image data format. */
  dataFormat(defaultFormat: 'channels_last' | 'channels_first'): 'channels_last' | 'channels_first' {
    const v = this.get('data_format');
    if (v === null) return defaultFormat;
    if (typeof v === 'string') {
      const s = v.toLowerCase();
      if (s === 'channels_last' || s === 'channels_first') return s;
    }
    throw new LayerError(
      'invalid-argument',
      `The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${pyStr(v).toLowerCase()}`,
      'construct',
      argumentTeaching('data_format', v, { type: 'one of', options: ['channels_last', 'channels_first'] }),
    );
  }

  layer(name: string): LayerArgValue {
    const v = this.get(name);
    if (!isLayerValue(v)) this.invalid(name, 'a Layer instance');
    return v;
  }
}

/** What binding needs from a spec, computed once per spec (the catalogue is immutable). */
interface BindingTable {
  /** Each parameter's default by position (undefined: required). */
  readonly defaultAt: readonly (PyValue | undefined)[];
  /** Each parameter's position. */
  readonly position: ReadonlyMap<string, number>;
  /** Keywords the constructor accepts: a parameter → its position; the base Layer's and the extra ones → -1. */
  readonly keyword: ReadonlyMap<string, number>;
}

/** What binding arguments reads of a layer spec (spec.ts's LayerSpec is one). */
export interface ArgSchema {
  readonly className: string;
  readonly params: readonly { readonly name: string; readonly default?: PyValue }[];
  readonly extraKeywords?: readonly string[];
  readonly anyKeywords?: boolean;
}

const bindingTables = new WeakMap<ArgSchema, BindingTable>();

function bindingTable(spec: ArgSchema): BindingTable {
  let t = bindingTables.get(spec);
  if (!t) {
    const position = new Map<string, number>();
    const defaultAt: (PyValue | undefined)[] = [];
    spec.params.forEach((p, i) => {
      if (position.has(p.name)) throw new Error(`${spec.className}: parameter '${p.name}' is declared twice`);
      position.set(p.name, i);
      defaultAt.push(p.default);
    });
    const keyword = new Map<string, number>(position);
    for (const k of [...BASE_KEYWORDS, ...(spec.extraKeywords ?? [])]) if (!keyword.has(k)) keyword.set(k, -1);
    t = { defaultAt, position, keyword };
    bindingTables.set(spec, t);
  }
  return t;
}

/**
 * Binds `args` to `spec`'s parameters like Python would, then rejects
 * keywords Keras does not know (`Unrecognized keyword arguments passed to Dense: {...}`).
 */
export function bindArguments(spec: ArgSchema, args: CallArgs): ArgReader {
  const table = bindingTable(spec);
  const params = spec.params;
  const positional = args.positional;
  if (positional.length > params.length) {
    throw new LayerError(
      'invalid-argument',
      `${spec.className}.__init__() takes ${params.length + 1} positional arguments but ${positional.length + 1} were given`,
      'construct',
    );
  }
  const slots: (PyValue | undefined)[] = new Array<PyValue | undefined>(params.length);
  for (let i = 0; i < positional.length; i++) {
    slots[i] = positional[i];
  }
  let extra: Map<string, PyValue> | null = null;
  let unrecognized: [string, PyValue][] | null = null;
  const keywords = args.keywords;
  const names = Object.keys(keywords);
  for (let n = 0; n < names.length; n++) {
    const k = names[n];
    const v = keywords[k];
    const i = table.keyword.get(k);
    if (i === undefined && spec.anyKeywords !== true) {
      (unrecognized ??= []).push([k, v]);
      continue;
    }
    if (i !== undefined && i >= 0) {
      // A keyword repeating a positional argument.
      if (i < positional.length) {
        throw new LayerError('invalid-argument', `${spec.className}.__init__() got multiple values for argument '${k}'`, 'construct');
      }
      slots[i] = v;
    } else (extra ??= new Map()).set(k, v);
  }
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p.default === undefined && slots[i] === undefined) {
      throw new LayerError(
        'invalid-argument',
        `${spec.className}.__init__() missing 1 required positional argument: '${p.name}'`,
        'construct',
        { kind: 'missing', name: p.name },
      );
    }
  }
  if (unrecognized !== null) {
    const dict = unrecognized.map(([k, v]) => `'${k}': ${pyRepr(v)}`).join(', ');
    throw new LayerError(
      'unknown-argument',
      `Unrecognized keyword arguments passed to ${spec.className}: {${dict}}`,
      'construct',
      { kind: 'keyword', names: unrecognized.map(([k]) => k) },
    );
  }
  return new ArgReader(spec.className, table, slots, extra, args.probe);
}

/** The teaching of an invalid-argument error: the argument, its value as Python writes it, what it must be. */
export function argumentTeaching(name: string, value: PyValue, expected: ArgExpectation): Teaching {
  return { kind: 'argument', name, value: pyRepr(value), expected };
}
