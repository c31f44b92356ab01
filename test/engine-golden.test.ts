// Every case of golden/layers.jsonl (recorded from real Keras 3.16) through
// the engine: output shape(s), both param counts, every weight name and shape;
// error cases must report an error, and its message must be Keras's
// (`error_core` without the exception class), word for word, or Keras's
// followed by the engine's explanation, except for a short list of known
// differences. Prints the pass count per family and the message counts.
// GOLDEN_FAMILY=conv2d (a regex on the id prefix) narrows the run while developing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateLayer, parseLayerCase, resultToWire } from '../server/src/engine';
import { goldenDir } from './goldenPath';

interface GoldenExpect {
  output_shape?: unknown;
  trainable_params?: number;
  non_trainable_params?: number;
  weights?: [string, number[]][];
  error?: string;
  error_core?: string;
}

/**
 * Error cases whose message is not Keras's, and why. The test fails when one of
 * these comes to match (take it off the list) or another case stops matching.
 */
const KNOWN_MESSAGE_DIFFERENCES: Readonly<Record<string, string>> = {
  // The shared weight helper is not given the layer, so the variable path lacks the layer's name
  // ('kernel' for 'conv2d_transpose/kernel'); in TimeDistributed, the wrapper's name too.
  'conv2dtranspose-0012': 'variable path without the layer name',
  'conv3dtranspose-0023': 'variable path without the layer name',
  'batchnormalization-0020': 'variable path without the layer name',
  'batchnormalization-0021': 'variable path without the layer name',
  'batchnormalization-0023': 'variable path without the layer name',
  'layernormalization-0026': 'variable path without the layer name',
  'layernormalization-0033': 'variable path without the layer name',
  'rmsnormalization-0014': 'variable path without the layer name',
  'prelu-0016': 'variable path without the layer name',
  'prelu-0028': 'variable path without the layer name',
  'timedistributed-0013': "variable path without the wrapper's name",
  'timedistributed-0024': "variable path without the wrapper's name",
  'timedistributed-0026': "variable path without the wrapper's name",
  // Keras names the class GroupedQueryAttention in this message; the engine names the alias the user wrote.
  'groupqueryattention-0014': 'class name of the alias',
  // Keras fails while copying the layer, with a message about deserialisation; the engine says why.
  'bidirectional-0012': 'a clearer message than Keras',
  // Discretization's __init__ has no **kwargs (a TypeError); the engine reports an unrecognized keyword.
  'discretization-0014': 'TypeError message of a signature without **kwargs',
};

/**
 * A message made comparable: Python sets' items sorted (their order varies between runs), and
 * what the golden file's JSON cannot tell apart written one way: a JSON array reaches Keras as a
 * list but the engine as a tuple (`[3]` / `(3,)`), and a float that is whole as an int
 * (`1.0` / `1`, `1e-08` / `1e-8`).
 */
export function comparableMessage(message: string): string {
  return message
    .replace(/\{('[^'{}]*'(?:, '[^'{}]*')*)\}/g, (_m, items: string) => `{${items.split(', ').sort().join(', ')}}`)
    .replace(/<class 'list'>/g, "<class 'tuple'>")
    .replace(/,\)/g, ')')
    .replace(/\(/g, '[')
    .replace(/\)/g, ']')
    .replace(/(\d)\.0(?![\d])/g, '$1')
    .replace(/e([+-])0(\d)/g, 'e$1$2');
}

/** Keras's message without its exception class ("ValueError: ..."). */
function kerasMessage(errorCore: string): string {
  return errorCore.replace(/^[A-Za-z_][\w.]*: /, '');
}

/** 'exact' when the engine's message is Keras's, 'explained' when Keras's is followed by more, else 'different'. */
export function compareMessage(engine: string, errorCore: string): 'exact' | 'explained' | 'different' {
  const want = comparableMessage(kerasMessage(errorCore).trimEnd());
  const got = comparableMessage(engine);
  if (got === want) return 'exact';
  if (want !== '' && got.startsWith(want) && /^[\s:;.,(—-]/.test(got.slice(want.length))) return 'explained';
  return 'different';
}

const lines = fs.readFileSync(path.join(goldenDir(), 'layers.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
const filter = process.env.GOLDEN_FAMILY ? new RegExp(`^(${process.env.GOLDEN_FAMILY})$`) : undefined;

function family(id: string): string {
  return id.replace(/-\d+$/, '');
}

/** How each error case's message compared, by case id. */
const messageOutcomes = new Map<string, { outcome: 'exact' | 'explained' | 'different'; engine: string; keras: string }>();

/** Why a case fails, or undefined when it passes. */
export function checkCase(raw: Record<string, unknown>): string | undefined {
  const expect = raw.expect as GoldenExpect;
  const c = parseLayerCase(raw);
  const got = resultToWire(evaluateLayer(c.className, c.args, c.input));
  if (expect.error !== undefined) {
    if (!('error' in got)) return `expected error ${expect.error}, got ${JSON.stringify(got)}`;
    const keras = expect.error_core ?? expect.error;
    messageOutcomes.set(String(raw.id), { outcome: compareMessage(got.error, keras), engine: got.error, keras });
    return undefined;
  }
  if (!('output_shape' in got)) return `expected a result, got ${JSON.stringify(got)}`;
  try {
    assert.deepEqual(got.output_shape, expect.output_shape);
    assert.equal(got.trainable_params, expect.trainable_params);
    assert.equal(got.non_trainable_params, expect.non_trainable_params);
    assert.deepEqual(got.weights, expect.weights);
  } catch {
    return `expected ${JSON.stringify(expect)}, got ${JSON.stringify(got)}`;
  }
  return undefined;
}

test('golden layer cases from real Keras 3.16', () => {
  const perFamily = new Map<string, { pass: number; total: number }>();
  const failures: string[] = [];
  for (const line of lines) {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const id = String(raw.id);
    const fam = family(id);
    if (filter && !filter.test(fam)) continue;
    const entry = perFamily.get(fam) ?? { pass: 0, total: 0 };
    perFamily.set(fam, entry);
    entry.total++;
    const why = checkCase(raw);
    if (why === undefined) entry.pass++;
    else failures.push(`${id}: ${why}`);
  }
  let pass = 0;
  let total = 0;
  const rows: string[] = [];
  for (const [fam, e] of perFamily) {
    pass += e.pass;
    total += e.total;
    rows.push(`${fam.padEnd(26)} ${String(e.pass).padStart(4)} / ${e.total}`);
  }
  console.log(rows.join('\n'));
  console.log(`golden layer cases: ${pass} / ${total} passed`);
  if (failures.length > 0) console.log(failures.slice(0, Number(process.env.GOLDEN_SHOW ?? 20)).join('\n'));
  assert.ok(total > 0, 'no golden cases were run');
  assert.equal(pass, total, `${total - pass} golden cases failed`);
});

test("golden error cases: the engine's message is Keras's", () => {
  messageOutcomes.clear();
  for (const line of lines) {
    const raw = JSON.parse(line) as Record<string, unknown>;
    if (filter && !filter.test(family(String(raw.id)))) continue;
    if ((raw.expect as GoldenExpect).error !== undefined) checkCase(raw);
  }
  const count = (o: string) => [...messageOutcomes.values()].filter((m) => m.outcome === o).length;
  console.log(
    `golden error messages: ${count('exact')} exactly Keras's, ${count('explained')} Keras's with an explanation after it, ` +
      `${count('different')} different (${Object.keys(KNOWN_MESSAGE_DIFFERENCES).length} known), of ${messageOutcomes.size}`,
  );
  const unexpected: string[] = [];
  for (const [id, m] of messageOutcomes) {
    const known = id in KNOWN_MESSAGE_DIFFERENCES;
    if (m.outcome === 'different' && !known) unexpected.push(`${id}: engine ${JSON.stringify(m.engine)}\n  Keras ${JSON.stringify(m.keras)}`);
    if (m.outcome !== 'different' && known) unexpected.push(`${id}: now matches Keras's message; take it off KNOWN_MESSAGE_DIFFERENCES`);
  }
  assert.ok(messageOutcomes.size > 0 || filter !== undefined, 'no golden error cases were run');
  assert.deepEqual(unexpected, []);
});

test('golden error messages: comparing ignores set order and what JSON cannot tell apart, nothing else', () => {
  assert.equal(compareMessage("one of {'valid', 'same'}. Received: full", "ValueError: one of {'same', 'valid'}. Received: full"), 'exact');
  assert.equal(compareMessage('Received kernel_size=(3,)', 'ValueError: Received kernel_size=[3]'), 'exact');
  assert.equal(compareMessage("Received: [2, 2, 2] of type <class 'tuple'>", "ValueError: Received: [2, 2, 2] of type <class 'list'>"), 'exact');
  assert.equal(compareMessage("{'eps': 1e-8} threshold=-1", "ValueError: {'eps': 1e-08} threshold=-1.0"), 'exact');
  assert.equal(compareMessage('tuple index out of range (the input has 3 axes)', 'IndexError: tuple index out of range'), 'explained');
  assert.equal(compareMessage('expected ndim=3, found ndim=2', 'ValueError: expected ndim=4, found ndim=2'), 'different');
  assert.equal(compareMessage('units=-80', 'ValueError: units=-8'), 'different');
  assert.equal(compareMessage("passed to GroupQueryAttention: {'a': 1}", "ValueError: passed to GroupedQueryAttention: {'a': 1}"), 'different');
});
