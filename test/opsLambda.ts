// A small evaluator of the Python lambdas in ops.jsonl (`lambda v: ops.sum(v,
// axis=-1)`, `lambda c, v: (c + v, c)`) over the op catalogue, so that the
// control-flow ops can be checked with real callables. Test support only.
import { evaluateOp, resultValue } from '../server/src/engine/ops';
import type { OpResult, OpValue } from '../server/src/engine/ops';

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
    if (val !== null && typeof val === 'object' && val.kind === 'tensor') return { kind: 'tensor', shape: val.shape, dtype: val.dtype, explain: '', op: 'lambda' };
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
