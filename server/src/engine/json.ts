// The engine's JSON case format (as in golden `layers.jsonl`): turning a case
// into engine inputs and a result into the wire form of `keras-shapes layer`.
//
//   {"layer": "Conv2D", "args": {"filters": 24, "kernel_size": [8, 8]}, "input_shape": [null, 128, 128, 3]}
//   → {"output_shape": [null, 121, 121, 24], "trainable_params": 4632, "non_trainable_params": 0, "weights": [...]}
import type { CallArgs, LayerInput, LayerResult, OutputStructure, PyValue, Shape } from './types';

export interface LayerCase {
  readonly className: string;
  readonly args: CallArgs;
  readonly input: LayerInput;
}

export type WireResult =
  | {
      output_shape: Shape | Shape[] | OutputStructure;
      trainable_params: number;
      non_trainable_params: number;
      weights: [string, readonly number[]][];
    }
  | { error: string; code?: string }
  | { unknown: string };

/** JSON → engine value: `{"__layer__": ...}` is a nested layer, other objects are dicts. */
export function pyValueFromJson(v: unknown): PyValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(pyValueFromJson);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.__layer__ === 'string') {
      const inner = (o.args ?? {}) as Record<string, unknown>;
      return { kind: 'layer', className: o.__layer__, args: { positional: [], keywords: keywordsFromJson(inner) } };
    }
    const entries: Record<string, PyValue> = {};
    for (const [k, x] of Object.entries(o)) entries[k] = pyValueFromJson(x);
    return { kind: 'dict', entries };
  }
  return { kind: 'opaque', repr: String(v) };
}

function keywordsFromJson(o: Record<string, unknown>): Record<string, PyValue> {
  const out: Record<string, PyValue> = {};
  for (const [k, x] of Object.entries(o)) out[k] = pyValueFromJson(x);
  return out;
}

function isShape(v: unknown): v is Shape {
  return Array.isArray(v) && v.every((d) => d === null || (typeof d === 'number' && Number.isInteger(d)));
}

/** Parses one case; throws an Error with a readable message when malformed. */
export function parseLayerCase(v: unknown): LayerCase {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('a case must be a JSON object');
  const o = v as Record<string, unknown>;
  if (typeof o.layer !== 'string') throw new Error('"layer" must be a string');
  const args = o.args ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new Error('"args" must be an object');
  const s = o.input_shape;
  let shapes: Shape[];
  let isList: boolean;
  if (isShape(s)) {
    shapes = [s];
    isList = false;
  } else if (Array.isArray(s) && s.length > 0 && s.every(isShape)) {
    shapes = s as Shape[];
    isList = o.unpack_inputs !== true;
  } else {
    throw new Error('"input_shape" must be a shape (array of integers and nulls) or a list of shapes');
  }
  return {
    className: o.layer,
    args: { positional: [], keywords: keywordsFromJson(args as Record<string, unknown>) },
    input: { shapes, isList },
  };
}

export function resultToWire(r: LayerResult): WireResult {
  if (r.kind === 'error') return { error: r.message, code: r.code };
  if (r.kind === 'unknown') return { unknown: r.reason };
  return {
    output_shape: r.outputStructure ?? (r.multiple ? r.outputs.map((s) => [...s]) : [...r.outputs[0]]),
    trainable_params: r.trainableParams,
    non_trainable_params: r.nonTrainableParams,
    weights: r.weights.map((w) => [w.name, [...w.shape]]),
  };
}
