// Shape rules of tensor operations outside layers, the way Keras's ops
// compute them: broadcasting (`x + y`), matmul (`x @ w`), reshape with -1,
// concatenate and stack. Each returns the shape, or Keras's message as a string.
//
//   broadcastShapes([null, 4, 5], [1, 5])  → [null, 4, 5]
//   broadcastShapes([4, 5], [4, 6])        → 'Cannot broadcast shape, ...'
import { formatShape, type Shape } from '../engine';

export function broadcastShapes(a: Shape, b: Shape): Shape | string {
  const n = Math.max(a.length, b.length);
  const pa = [...new Array<number>(n - a.length).fill(1), ...a];
  const pb = [...new Array<number>(n - b.length).fill(1), ...b];
  const out: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === 1) out.push(y);
    else if (x === null) out.push(y === 1 ? null : y);
    else if (y === 1 || y === null || y === x) out.push(x);
    else return `Cannot broadcast shape, the failure dim has value ${x}, which cannot be broadcasted to ${y}. Input shapes are: ${formatList(a)} and ${formatList(b)}.`;
  }
  return out;
}

function formatList(s: Shape): string {
  return `[${s.map((d) => (d === null ? 'None' : String(d))).join(', ')}]`;
}

export function matmulShape(a: Shape, b: Shape): Shape | string {
  if (a.length === 0 || b.length === 0) return 'matmul needs tensors of rank at least 1';
  const a2 = a.length === 1 ? [1, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], 1] : b;
  const k1 = a2[a2.length - 1];
  const k2 = b2[b2.length - 2];
  if (k1 !== null && k2 !== null && k1 !== k2) {
    return `Inner dimensions (\`x1.shape[-1]\` and \`x2.shape[-2]\`) must be equal, but received \`x1.shape=${formatShape(a)}\` and \`x2.shape=${formatShape(b)}\`.`;
  }
  const batch = broadcastShapes(a2.slice(0, -2), b2.slice(0, -2));
  if (typeof batch === 'string') return batch;
  const out = [...batch, a2[a2.length - 2], b2[b2.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.splice(out.length - 1, 1);
  return out;
}

export function reshapeShape(input: Shape, target: readonly (number | null)[]): Shape | null {
  const known = input.every((d) => d !== null);
  const minusOne = target.findIndex((d) => d === -1);
  if (minusOne < 0) return target;
  if (!known) return target.map((d) => (d === -1 ? null : d));
  const total = (input as number[]).reduce((p, d) => p * d, 1);
  const rest = target.reduce<number>((p, d, i) => (i === minusOne ? p : p * (d ?? 1)), 1);
  if (rest === 0 || total % rest !== 0) return null;
  return target.map((d, i) => (i === minusOne ? total / rest : d));
}

export function concatShapes(shapes: readonly Shape[], axis: number): Shape | string {
  const rank = shapes[0].length;
  const a = axis < 0 ? rank + axis : axis;
  if (a < 0 || a >= rank || shapes.some((s) => s.length !== rank)) return `Cannot concatenate tensors of shapes ${shapes.map(formatShape).join(', ')} along axis ${axis}.`;
  const out = [...shapes[0]];
  for (const s of shapes.slice(1)) {
    for (let i = 0; i < rank; i++) {
      if (i === a) out[i] = out[i] === null || s[i] === null ? null : (out[i] as number) + (s[i] as number);
      else if (out[i] !== null && s[i] !== null && out[i] !== s[i]) return `Cannot concatenate tensors of shapes ${shapes.map(formatShape).join(', ')} along axis ${axis}.`;
      else if (out[i] === null) out[i] = s[i];
    }
  }
  return out;
}

export function stackShapes(shapes: readonly Shape[], axis: number): Shape | string {
  const first = shapes[0];
  if (shapes.some((s) => s.length !== first.length || s.some((d, i) => d !== null && first[i] !== null && d !== first[i]))) {
    return `Cannot stack tensors of shapes ${shapes.map(formatShape).join(', ')}.`;
  }
  const rank = first.length + 1;
  const a = axis < 0 ? rank + axis : axis;
  return [...first.slice(0, a), shapes.length, ...first.slice(a)];
}
