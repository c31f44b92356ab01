// `keras-shapes layer`: JSON lines in (engine cases), JSON lines out, one per
// case, in order. A malformed line answers {"error": ...} and the rest go on.
import * as readline from 'node:readline';
import { evaluateLayer, parseLayerCase, resultToWire, type WireResult } from '../engine';

export function evaluateCaseLine(line: string): WireResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    return { error: `malformed JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const c = parseLayerCase(parsed);
    return resultToWire(evaluateLayer(c.className, c.args, c.input));
  } catch (e) {
    return { error: `malformed case: ${e instanceof Error ? e.message : String(e)}` };
  }
}

export async function runLayerCommand(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const rl = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (line.trim() === '') continue;
    output.write(JSON.stringify(evaluateCaseLine(line)) + '\n');
  }
  return 0;
}
