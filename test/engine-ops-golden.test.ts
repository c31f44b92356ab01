// The op catalogue against ops.jsonl, recorded from real Keras: every case is
// rebuilt as a call and must be answered exactly in its shapes, structure,
// values and errors: an 'unknown' or a wrong shape fails. A dtype may be
// unknown where the backend decides it (an eager call on Python values), never
// wrong; at least DTYPE_FLOOR of the cases must have their dtypes exact.
// Prints exact/dtype-unknown/unknown/wrong per group.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { goldenDir } from './goldenPath';
import { evaluateOp, resultValue } from '../server/src/engine/ops';
import type { OpResult, OpValue, OutItem } from '../server/src/engine/ops';

/** The share of cases whose dtypes must be exact too. */
const DTYPE_FLOOR = 0.95;

const GROUPS: readonly [string, string][] = [
  ['Element-wise, one input', 'abs absolute angle arccos arccosh arcsin arcsinh arctan arctanh bitwise_invert bitwise_not cbrt ceil conj conjugate copy cos cosh deg2rad exp exp2 expm1 fabs floor i0 imag isfinite isinf isnan isneginf isposinf isreal log log10 log1p log2 logical_not negative rad2deg real reciprocal sign signbit sin sinc sinh sqrt square tan tanh trunc erf erfc erfinv rsqrt stop_gradient round nan_to_num clip'],
  ['Element-wise, two inputs', 'add subtract multiply divide true_divide floor_divide power mod fmod maximum minimum fmax fmin arctan2 hypot logaddexp logaddexp2 nextafter heaviside equal not_equal greater greater_equal less less_equal divide_no_nan gammainc gcd lcm bitwise_and bitwise_or bitwise_xor left_shift right_shift bitwise_left_shift bitwise_right_shift logical_and logical_or logical_xor ldexp isclose allclose polar where select'],
  ['Activations (keras.ops)', 'relu relu6 sigmoid softplus softsign silu swish log_sigmoid hard_sigmoid hard_silu hard_swish hard_tanh selu sparse_plus sparse_sigmoid tanh_shrink elu celu gelu leaky_relu hard_shrink soft_shrink squareplus threshold softmax log_softmax sparsemax glu'],
  ['keras.activations', 'activations.exponential activations.hard_sigmoid activations.hard_silu activations.hard_swish activations.hard_tanh activations.linear activations.log_sigmoid activations.mish activations.relu6 activations.selu activations.sigmoid activations.silu activations.softplus activations.softsign activations.sparse_plus activations.sparse_sigmoid activations.swish activations.tanh activations.tanh_shrink activations.elu activations.celu activations.gelu activations.leaky_relu activations.hard_shrink activations.soft_shrink activations.squareplus activations.threshold activations.relu activations.softmax activations.log_softmax activations.sparsemax activations.glu'],
  ['Reductions', 'sum mean max min prod all any amax amin std var ptp median nanmax nanmin nanmean nanmedian nanstd nansum nanvar nanprod logsumexp argmax argmin nanargmax nanargmin count_nonzero quantile percentile nanquantile nanpercentile average norm moments'],
  ['Along an axis', 'cumsum cumprod nancumsum nancumprod sort argsort argpartition flip roll diff trapezoid'],
  ['Shape manipulation', 'reshape transpose expand_dims squeeze moveaxis swapaxes broadcast_to tile repeat ravel fliplr flipud rot90 pad rearrange'],
  ['Joining and splitting', 'concatenate stack hstack vstack dstack column_stack append split array_split hsplit vsplit dsplit unstack'],
  ['Indexing', 'take take_along_axis get_item slice slice_update scatter scatter_update'],
  ['Diagonals and triangles', 'diagonal trace diag diagflat tril triu'],
  ['Searching and counting', 'searchsorted digitize isin bincount histogram nonzero unique unravel_index top_k in_top_k'],
  ['Products and contractions', 'matmul dot vdot inner outer kron tensordot einsum cross correlate corrcoef cdist'],
  ['Creation', 'meshgrid vander arange linspace logspace geomspace eye tri identity ones zeros empty full ones_like zeros_like empty_like full_like hamming hanning bartlett blackman kaiser'],
  ['Conversion and introspection', 'cast saturate_cast convert_to_tensor array convert_to_numpy shape size ndim dtype is_tensor view view_as_real view_as_complex'],
  ['Linear algebra', 'cholesky cholesky_inverse inv det logdet slogdet eig eigh lu_factor matrix_power matrix_rank pinv qr svd solve solve_triangular lstsq'],
  ['Convolution and pooling', 'conv depthwise_conv separable_conv conv_transpose max_pool average_pool adaptive_average_pool adaptive_max_pool depth_to_space space_to_depth unfold fold'],
  ['Normalization', 'normalize batch_normalization layer_normalization rms_normalization'],
  ['Attention', 'dot_product_attention'],
  ['Losses', 'binary_crossentropy categorical_crossentropy sparse_categorical_crossentropy psnr ctc_loss ctc_decode'],
  ['Encoding', 'one_hot multi_hot'],
  ['Signal processing', 'fft fft2 ifft2 rfft irfft stft istft extract_sequences'],
  ['Segment reductions', 'segment_sum segment_max segment_min segment_prod'],
  ['Image', 'image.resize image.affine_transform image.crop_images image.pad_images image.extract_patches image.extract_patches_3d image.reconstruct_patches image.gaussian_blur image.sobel_edges image.rgb_to_grayscale image.rgb_to_hsv image.hsv_to_rgb image.elastic_transform image.perspective_transform image.map_coordinates image.scale_and_translate image.ssim'],
  ['Control flow', 'map vectorized_map scan fori_loop while_loop switch associative_scan cond custom_gradient vectorize jvp'],
];

// A small evaluator of the Python lambdas in the file (`lambda v: ops.sum(v, axis=-1)`,
// `lambda c, v: (c + v, c)`) over the op catalogue, so that the control-flow ops are
// checked with real callables.
type Tok = { t: 'num' | 'name' | 'op' | 'str'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const re = /\s*(?:(\d+\.\d*|\d*\.\d+|\d+(?:e-?\d+)?)|([A-Za-z_]\w*)|(\*\*|<=|>=|==|[-+*/<>()[\],:.=])|('[^']*'|"[^"]*"))/y;
  let m: RegExpExecArray | null;
  let i = 0;
  while (i < src.length && (m = re.exec(src))) {
    i = re.lastIndex;
    if (m[1]) out.push({ t: 'num', v: m[1] });
    else if (m[2]) out.push({ t: 'name', v: m[2] });
    else if (m[3]) out.push({ t: 'op', v: m[3] });
    else if (m[4]) out.push({ t: 'str', v: m[4].slice(1, -1) });
    if (src.slice(i).trim() === '') break;
  }
  return out;
}

class Failure {
  constructor(readonly result: OpResult) {}
}
type Val = OpValue | { kind: 'module' } | { kind: 'opref'; name: string };

const BIN: Readonly<Record<string, string>> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '**': 'power', '<': 'less', '>': 'greater', '<=': 'less_equal', '>=': 'greater_equal', '==': 'equal' };

class Evaluator {
  private i = 0;
  constructor(private readonly toks: Tok[], private scope: Map<string, Val>) {}

  private peek(v?: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && (v === undefined || t.v === v);
  }
  private eat(v: string): void {
    if (!this.peek(v)) throw new Error(`expected ${v} at ${this.i}`);
    this.i++;
  }
  private call(name: string, args: OpValue[], kw: Record<string, OpValue>): OpValue {
    const r = evaluateOp(`keras.ops.${name}`, args, kw);
    const v = resultValue(r);
    if (v === undefined) throw new Failure(r);
    return v;
  }
  private value(v: Val): OpValue {
    if (v !== null && typeof v === 'object' && (v.kind === 'module' || v.kind === 'opref')) throw new Error('not a value');
    return v as OpValue;
  }

  lambda(): Val {
    // `lambda a, b: body` as a callable over the catalogue.
    this.eat('lambda');
    const params: string[] = [];
    while (!this.peek(':')) {
      params.push(this.toks[this.i++].v);
      if (this.peek(',')) this.i++;
    }
    this.eat(':');
    const start = this.i;
    let depth = 0;
    while (this.i < this.toks.length) {
      const v = this.toks[this.i].v;
      if (v === '(' || v === '[') depth++;
      if (v === ')' || v === ']') {
        if (depth === 0) break;
        depth--;
      }
      if (v === ',' && depth === 0) break;
      this.i++;
    }
    const body = this.toks.slice(start, this.i);
    const outer = this.scope;
    return {
      kind: 'function',
      call: (args: readonly OpValue[]): OpResult => {
        const scope = new Map(outer);
        params.forEach((p, k) => scope.set(p, args[k] ?? null));
        return runBody(body, scope);
      },
    };
  }

  expr(): Val {
    if (this.peek('lambda')) return this.lambda();
    let left = this.additive();
    while (this.peek('<') || this.peek('>') || this.peek('<=') || this.peek('>=') || this.peek('==')) {
      const op = this.toks[this.i++].v;
      left = this.call(BIN[op], [this.value(left), this.value(this.additive())], {});
    }
    return left;
  }
  private additive(): Val {
    let left = this.term();
    while (this.peek('+') || this.peek('-')) {
      const op = this.toks[this.i++].v;
      left = this.call(BIN[op], [this.value(left), this.value(this.term())], {});
    }
    return left;
  }
  private term(): Val {
    let left = this.unary();
    while (this.peek('*') || this.peek('/')) {
      const op = this.toks[this.i++].v;
      left = this.call(BIN[op], [this.value(left), this.value(this.unary())], {});
    }
    return left;
  }
  private unary(): Val {
    if (this.peek('-')) {
      this.i++;
      const v = this.unary();
      if (v !== null && typeof v === 'object' && (v.kind === 'int' || v.kind === 'float')) return { kind: v.kind, value: -v.value };
      return this.call('negative', [this.value(v)], {});
    }
    return this.power();
  }
  private power(): Val {
    const base = this.postfix();
    if (this.peek('**')) {
      this.i++;
      return this.call('power', [this.value(base), this.value(this.unary())], {});
    }
    return base;
  }
  private postfix(): Val {
    let v = this.atom();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const name = this.toks[this.i++].v;
        if (v !== null && typeof v === 'object' && v.kind === 'module') v = { kind: 'opref', name };
        else if (name === 'dtype' && v !== null && typeof v === 'object' && v.kind === 'tensor') v = v.dtype;
        else throw new Error(`attribute ${name}`);
      } else if (this.peek('(')) {
        this.i++;
        const args: OpValue[] = [];
        const kw: Record<string, OpValue> = {};
        while (!this.peek(')')) {
          if (this.toks[this.i].t === 'name' && this.toks[this.i + 1]?.v === '=') {
            const k = this.toks[this.i].v;
            this.i += 2;
            kw[k] = this.value(this.expr());
          } else args.push(this.value(this.expr()));
          if (this.peek(',')) this.i++;
        }
        this.eat(')');
        if (v === null || typeof v !== 'object' || v.kind !== 'opref') throw new Error('call of a non-op');
        v = this.call(v.name, args, kw);
      } else if (this.peek('[')) {
        this.i++;
        const idx = this.value(this.expr());
        this.eat(']');
        const base = this.value(v);
        if (base !== null && typeof base === 'object' && (base.kind === 'tuple' || base.kind === 'list') && idx !== null && typeof idx === 'object' && idx.kind === 'int') {
          v = base.items[idx.value];
        } else v = this.call('get_item', [base, idx], {});
      } else return v;
    }
  }
  private atom(): Val {
    const t = this.toks[this.i++];
    if (t.t === 'num') return /[.e]/.test(t.v) ? { kind: 'float', value: Number(t.v) } : { kind: 'int', value: Number(t.v) };
    if (t.t === 'str') return t.v;
    if (t.v === '(' || t.v === '[') {
      const close = t.v === '(' ? ')' : ']';
      const items: OpValue[] = [];
      let comma = false;
      while (!this.peek(close)) {
        items.push(this.value(this.expr()));
        if (this.peek(',')) {
          this.i++;
          comma = true;
        }
      }
      this.eat(close);
      if (close === ')' && items.length === 1 && !comma) return items[0];
      return { kind: close === ')' ? 'tuple' : 'list', items };
    }
    if (t.t === 'name') {
      if (t.v === 'ops') return { kind: 'module' };
      if (t.v === 'None') return null;
      if (t.v === 'True') return true;
      if (t.v === 'False') return false;
      if (this.scope.has(t.v)) return this.scope.get(t.v) as Val;
    }
    throw new Error(`cannot evaluate ${t.v}`);
  }
}

function runBody(body: Tok[], scope: Map<string, Val>): OpResult {
  try {
    const v = new Evaluator(body, scope).expr();
    if (v !== null && typeof v === 'object' && (v.kind === 'module' || v.kind === 'opref')) return { kind: 'unknown', reason: 'not a value' };
    const val = v as OpValue;
    if (val !== null && typeof val === 'object' && val.kind === 'tensor') return { kind: 'tensor', shape: val.shape, dtype: val.dtype, ...(val.concrete ? { concrete: true } : {}), explain: '', op: 'lambda' };
    if (val !== null && typeof val === 'object' && val.kind === 'untyped-tensor') return { kind: 'tensor', shape: val.shape, dtype: null, ...(val.concrete ? { concrete: true } : {}), explain: '', op: 'lambda' };
    return { kind: 'value', value: val, explain: '', op: 'lambda' };
  } catch (e) {
    if (e instanceof Failure) return e.result;
    return { kind: 'unknown', reason: `the lambda evaluator: ${String(e)}` };
  }
}

/** A `__fn__` source as a callable value (names from `env` in scope). */
export function lambdaValue(source: string, env: Readonly<Record<string, OpValue>>): OpValue {
  const scope = new Map<string, Val>(Object.entries(env));
  try {
    return new Evaluator(tokenize(source), scope).lambda() as OpValue;
  } catch {
    return { kind: 'function', source };
  }
}

interface Case {
  id: string;
  op: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  expect: Record<string, unknown>;
  env?: Record<string, unknown>;
  apply?: { args: unknown[]; kwargs: Record<string, unknown> };
}

function holdsTensor(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(holdsTensor);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if ('__tensor__' in o) return true;
    if ('__tuple__' in o) return holdsTensor(o.__tuple__);
  }
  return false;
}

/** JSON → op value, following the README's encoding; `__fn__` lambdas are evaluated over the catalogue. */
export function decode(v: unknown, inList = false, env: Readonly<Record<string, OpValue>> = {}): OpValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v };
  if (Array.isArray(v)) {
    const items = v.map((x) => decode(x, inList, env));
    return { kind: inList || holdsTensor(v) ? 'list' : 'tuple', items };
  }
  const o = v as Record<string, unknown>;
  if ('__tensor__' in o) return { kind: 'tensor', shape: o.__tensor__ as (number | null)[], dtype: o.dtype as string };
  if ('__float__' in o) {
    const t = o.__float__ as string;
    const value = t === 'inf' ? Infinity : t === '-inf' ? -Infinity : t === 'nan' ? NaN : Number(t);
    return { kind: 'float', value };
  }
  if ('__list__' in o) return { kind: 'list', items: (o.__list__ as unknown[]).map((x) => decode(x, true, env)) };
  if ('__tuple__' in o) return { kind: 'tuple', items: (o.__tuple__ as unknown[]).map((x) => decode(x, false, env)) };
  if ('__slice__' in o) {
    const [start, stop, step] = (o.__slice__ as unknown[]).map((x) => decode(x));
    return { kind: 'slice', start, stop, step };
  }
  if ('__ellipsis__' in o) return { kind: 'ellipsis' };
  if ('__fn__' in o) return lambdaValue(o.__fn__ as string, env);
  const entries: Record<string, OpValue> = {};
  for (const [k, x] of Object.entries(o)) entries[k] = decode(x);
  return { kind: 'dict', entries };
}

/** An op value as the JSON the golden file writes for a Python value. */
function valueJson(v: OpValue): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value;
    case 'tuple':
    case 'list':
      return v.items.map(valueJson);
    default:
      return { unsupported: v.kind };
  }
}

function sameShape(a: readonly (number | null)[], b: unknown): boolean {
  return Array.isArray(b) && a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Why an engine item differs from an expected item, or '' when it matches;
 * `dtypes.unknown` is set when a dtype was left to the backend (a null dtype,
 * a value marked as the NumPy backend's own).
 */
function diffItem(got: OutItem, want: unknown, dtypes: { unknown: boolean }): string {
  if (Array.isArray(want)) {
    if (got.kind !== 'tensors') return `expected a container, got ${got.kind}`;
    if (got.items.length !== want.length) return `expected ${want.length} items, got ${got.items.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = diffItem(got.items[i], want[i], dtypes);
      if (d) return `[${i}] ${d}`;
    }
    return '';
  }
  const w = want as Record<string, unknown>;
  if ('value' in w) {
    if (got.kind !== 'value') return `expected value ${JSON.stringify(w.value)}, got ${got.kind}`;
    const g = JSON.stringify(valueJson(got.value));
    if (got.backend) dtypes.unknown = true;
    return g === JSON.stringify(w.value) ? '' : `expected value ${JSON.stringify(w.value)}, got ${g}`;
  }
  const shape = 'shape' in w ? w.shape : w.output;
  if (got.kind !== 'tensor') return `expected a tensor, got ${got.kind}`;
  if (!sameShape(got.shape, shape)) return `expected shape ${JSON.stringify(shape)}, got ${JSON.stringify(got.shape)}`;
  if (got.dtype === null) dtypes.unknown = true;
  else if (got.dtype !== w.dtype) return `expected dtype ${String(w.dtype)}, got ${got.dtype}`;
  if (Boolean(got.concrete) !== Boolean(w.concrete)) return `expected concrete=${Boolean(w.concrete)}`;
  return '';
}

type Verdict = 'exact' | 'dtype unknown' | 'unknown' | 'wrong';

/** How the engine's answer compares with the case: exact, exact but for a dtype left to the backend, unknown, or wrong. */
function judge(r: OpResult, expect: Record<string, unknown>): { verdict: Verdict; why: string; coreMatch?: boolean } {
  if (r.kind === 'unknown') return { verdict: 'unknown', why: r.reason };
  if ('error' in expect) {
    if (r.kind !== 'error') return { verdict: 'wrong', why: `expected ${String(expect.error_core)}, got ${r.kind}` };
    const core = String(expect.error_core);
    return { verdict: 'exact', why: '', coreMatch: core === `${r.errorType}: ${r.message}` };
  }
  if (r.kind === 'error') return { verdict: 'wrong', why: `unexpected ${r.errorType}: ${r.message}` };
  const want = 'outputs' in expect ? expect.outputs : expect;
  if ('outputs' in expect) {
    if (r.kind !== 'tensors') return { verdict: 'wrong', why: `expected a ${String(expect.container)}, got ${r.kind}` };
    if (r.container !== expect.container) return { verdict: 'wrong', why: `expected a ${String(expect.container)}, got a ${r.container}` };
  }
  const dtypes = { unknown: false };
  const d = diffItem(r, want, dtypes);
  if (d) return { verdict: 'wrong', why: d };
  return { verdict: dtypes.unknown ? 'dtype unknown' : 'exact', why: '' };
}

test('ops.jsonl: every case exact in shapes, values and errors; dtypes exact or left to the backend', () => {
  const file = path.join(goldenDir(), 'ops.jsonl');
  if (!fs.existsSync(file)) return;
  const cases = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case);
  const groupOf = new Map<string, string>();
  for (const [g, names] of GROUPS) for (const n of names.split(' ')) groupOf.set(n, g);
  type Tally = Record<Verdict, number> & { errors: number; coreMatch: number };
  const tally = new Map<string, Tally>();
  const failures: string[] = [];
  const dtypeUnknown: string[] = [];
  for (const c of cases) {
    const opKey = c.id.slice(4, c.id.lastIndexOf('-'));
    const group = groupOf.get(opKey) ?? 'other';
    const t = tally.get(group) ?? { exact: 0, 'dtype unknown': 0, unknown: 0, wrong: 0, errors: 0, coreMatch: 0 };
    tally.set(group, t);
    const env: Record<string, OpValue> = {};
    for (const [k, x] of Object.entries(c.env ?? {})) env[k] = decode(x);
    const args = c.args.map((x) => decode(x, false, env));
    const kwargs: Record<string, OpValue> = {};
    for (const [k, x] of Object.entries(c.kwargs)) kwargs[k] = decode(x, false, env);
    let r = evaluateOp(c.op, args, kwargs);
    if (c.apply) {
      // The op returned a function; the case records the result of calling it.
      const fn = r.kind === 'value' ? r.value : null;
      if (fn !== null && typeof fn === 'object' && fn.kind === 'function' && fn.call) r = fn.call(c.apply.args.map((x) => decode(x, false, env)));
      else if (r.kind !== 'error') r = { kind: 'unknown', reason: 'the returned function cannot be called' };
    }
    const j = judge(r, c.expect);
    t[j.verdict]++;
    if ('error' in c.expect && j.verdict === 'exact') {
      t.errors++;
      if (j.coreMatch) t.coreMatch++;
      else if (process.env.OPS_MESSAGES && r.kind === 'error') console.log(`${c.id}\n  want ${String(c.expect.error_core)}\n  got  ${r.errorType}: ${r.message}`);
    }
    if (j.verdict === 'wrong' || j.verdict === 'unknown') failures.push(`${c.id}: ${j.verdict}: ${j.why}`);
    if (j.verdict === 'dtype unknown') dtypeUnknown.push(`${c.id}: ${'value' in c.expect ? 'a Python value' : `dtype ${JSON.stringify(c.expect.dtype ?? c.expect.outputs)}`} under NumPy`);
  }
  const rows = [...tally.entries()].sort((a, b) => GROUPS.findIndex((g) => g[0] === a[0]) - GROUPS.findIndex((g) => g[0] === b[0]));
  const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)} %`;
  const lines = rows.map(([g, t]) => {
    const n = t.exact + t['dtype unknown'] + t.unknown + t.wrong;
    return (
      `${g.padEnd(30)} shapes exact ${String(t.exact + t['dtype unknown']).padStart(4)}/${String(n).padEnd(4)} dtypes exact ${pct(t.exact, n).padStart(7)}` +
      `  unknown ${t.unknown}  wrong ${t.wrong}  (errors caught ${t.errors}, message match ${t.coreMatch})`
    );
  });
  const sum = (k: Verdict): number => rows.reduce((s, [, t]) => s + t[k], 0);
  const exact = sum('exact');
  const shapes = exact + sum('dtype unknown');
  console.log(
    `${lines.join('\n')}\nTOTAL shapes exact ${shapes}/${cases.length}  dtypes exact ${exact}/${cases.length} (${pct(exact, cases.length)})  unknown ${sum('unknown')}  wrong ${sum('wrong')}`,
  );
  if (process.env.OPS_UNKNOWN) console.log(`dtypes left to the backend:\n${dtypeUnknown.join('\n')}`);
  assert.deepEqual(failures.slice(0, 40), [], `${failures.length} cases not exact`);
  assert.ok(exact >= DTYPE_FLOOR * cases.length, `dtypes exact in ${exact} cases, under ${pct(DTYPE_FLOOR * cases.length, cases.length)}`);
});
