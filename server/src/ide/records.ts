// Layer records by source line, the shape of `keras-shapes summary --json`
// and of the golden programs: one record per distinct (line, class, output
// shapes, params), with how many times it happened. Two calls of one model on
// one line (`encoder(left)`, `encoder(right)`) make one record with count 2.
import type { AnalysisResult, PartialShape } from '../analysis';
import type { Shape } from '../engine';
import { LineIndex } from './positions';

export interface LineRecord {
  readonly line: number;
  readonly column: number;
  readonly class: string;
  /** Null when unknown; an unknown dimension of a shape whose rank is known is `"?"` (Keras's None stays null). */
  readonly output_shapes: (Shape | PartialShape)[] | null;
  readonly trainable_params: number | null;
  readonly non_trainable_params: number | null;
  count: number;
}

export function lineRecords(text: string, result: AnalysisResult, index: LineIndex = new LineIndex(text)): LineRecord[] {
  const out: LineRecord[] = [];
  const byKey = new Map<string, LineRecord>();
  for (const call of result.calls) {
    const pos = index.position(call.range.start);
    for (const o of call.outcomes) {
      const shapes = o.outputShapes ? o.outputShapes.map((s) => [...s]) : o.partialShapes ? o.partialShapes.map((s) => [...s]) : null;
      const key = JSON.stringify([pos.line, call.className, shapes, o.trainableParams, o.nonTrainableParams]);
      const prev = byKey.get(key);
      if (prev) {
        prev.count += o.count;
        continue;
      }
      const rec: LineRecord = {
        line: pos.line + 1,
        column: pos.column + 1,
        class: call.className,
        output_shapes: shapes,
        trainable_params: o.trainableParams,
        non_trainable_params: o.nonTrainableParams,
        count: o.count,
      };
      byKey.set(key, rec);
      out.push(rec);
    }
  }
  return out;
}
