// TensorFlow and NumPy names mapped onto the catalogue (filled in below).
import type { OpResult, OpValue } from './types';
import { evaluateOp } from './catalogue';
import type { EngineConfig } from '../types';

export interface ForeignOp {
  readonly target: string;
}
export const FOREIGN_OPS: Readonly<Record<string, ForeignOp>> = {};
export function resolveForeignOp(name: string): ForeignOp | undefined {
  return FOREIGN_OPS[name];
}
export function evaluateForeignOp(name: string, args: readonly OpValue[], kwargs: Readonly<Record<string, OpValue>>, config?: EngineConfig): OpResult {
  const f = FOREIGN_OPS[name];
  if (!f) return { kind: 'unknown', reason: `${name} is not mapped` };
  return evaluateOp(f.target, args, kwargs, config);
}
