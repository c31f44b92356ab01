// The results of a run, computed from its records at the end as plain data:
// one LayerCall per call site with its distinct outcomes, the built models
// with their totals, summary rows and graph, params as `model.summary()`
// counts them at the end of the script.
import type { ExplainStep, KerasVersion, Shape } from '../../engine';
import type { ApplicationInfo, CallOutcome, ImportedLayerCall, LayerCall, ModelGraph, ModelGraphEdge, ModelGraphNode, ModelInfo, PartialShape, SummaryRow, TextRange } from '../types';
import { LayerObj, Tensor } from '../values';
import { AppLayerObj, ApplicationModelObj } from './applications';
import { functionalGraph, inputRowName } from './graph';
import { FunctionalModel, InputLayerObj, LambdaLayer, SequentialModel, SubclassInstance, isBuilt, isComposite, sublayers, type Params } from './models';
import { partialShapeOf } from './partial';
import type { Records } from './records';

const NO_STEPS: readonly ExplainStep[] = [];

/** One distinct result of a call site while results are gathered (`count` goes up). */
type Outcome = { -readonly [K in keyof CallOutcome]: CallOutcome[K] };

/** A call site while results are gathered: its range and the class called there. */
class CallSite {
  readonly outcomes: Outcome[] = [];
  constructor(
    readonly className: string,
    readonly range: TextRange,
    readonly hintOffset: number,
    readonly layerName: string,
    readonly docPath: string | undefined,
  ) {}
}

/** What the results are computed with: the records, and the layers whose weights are unknown. */
interface EndOfRun {
  readonly records: Records;
  /** Layers a call gave an unknown result to before they were built, so their weights are unknown. */
  readonly unknownBuilt: Set<LayerObj>;
  /** Params no longer change once the script has run: each layer is counted once. */
  readonly params: Map<LayerObj, Params | null>;
}

function endOfRun(records: Records): EndOfRun {
  return { records, unknownBuilt: markUnknownBuilt(records), params: new Map() };
}

export function paramsOf(end: EndOfRun, layer: LayerObj): Params | null {
  if (layer.constructor === LayerObj || layer instanceof AppLayerObj) return plainLayerParams(layer, end.unknownBuilt.has(layer));
  const leaves = new Set<LayerObj>();
  let unknown = false;
  const visit = (l: LayerObj): void => {
    if (leaves.has(l)) return;
    leaves.add(l);
    if (l instanceof SubclassInstance && l.weightsUnknown) unknown = true;
    // Part of its graph came from something we could not follow: its totals are unknown.
    if (l instanceof FunctionalModel && l.opaque) unknown = true;
    for (const s of sublayers(l)) visit(s);
  };
  visit(layer);
  let trainable = 0;
  let nonTrainable = 0;
  for (const l of leaves) {
    const ws = l instanceof SubclassInstance ? l.ownWeights : l.weights;
    if (!ws) {
      // Built on sizes the analysis does not know (also in a run that records nothing, as fit() building a model): unknown, not zero.
      if (!(l instanceof SequentialModel || l instanceof FunctionalModel || l instanceof SubclassInstance || l instanceof InputLayerObj) && (end.unknownBuilt.has(l) || l.weightsUnknown)) unknown = true;
      continue;
    }
    for (const w of ws) {
      let n = 1;
      for (const d of w.shape) n *= d;
      if (w.trainable && l.trainable) trainable += n;
      else nonTrainable += n;
    }
  }
  return unknown ? null : { trainable, nonTrainable };
}

/**
 * Whether the calls whose hints lie in `range` are final: what the rest of
 * the program does cannot change them (see analyzeRange). They are when each
 * is of a plain layer or a Lambda, and no Sequential model holds a layer
 * built there.
 */
export function callsAreFinal(records: Records, range: TextRange): boolean {
  const inRange = (offset: number): boolean => offset >= range.start && offset <= range.end;
  for (const entry of records.modelEntries) {
    if (entry.model instanceof SequentialModel && entry.model.entries.some((e) => inRange(e.hint))) return false;
  }
  for (const e of records.events) {
    if (e.imported !== undefined) continue;
    if (inRange(e.hint) && e.layer.constructor !== LayerObj && !(e.layer instanceof LambdaLayer)) return false;
  }
  return true;
}

/** The calls and the built models; only the calls whose hints lie in `range` when given (and then no models). */
export function results(records: Records, range?: TextRange, kerasVersion?: KerasVersion): { calls: LayerCall[]; models: ModelInfo[]; importedCalls: ImportedLayerCall[] } {
  const end = endOfRun(records);
  const calls = callsAtSites(end, range);
  return { calls, models: range ? [] : builtModels(end, kerasVersion === '2' || kerasVersion === 'tf.keras2' ? kerasVersion : undefined), importedCalls: range ? [] : importedCalls(end) };
}

/** The layer calls imported modules' code made when the file called it (see ImportedLayerCall). */
function importedCalls(end: EndOfRun): ImportedLayerCall[] {
  return callsAtSites(end, undefined, new Map()).filter((c): c is ImportedLayerCall => 'path' in c);
}

/** Params of `l` at the end of the script, remembered in `end`. */
function paramsAtEnd(end: EndOfRun, l: LayerObj): Params | null {
  let p = end.params.get(l);
  if (p === undefined) {
    p = paramsOf(end, l);
    end.params.set(l, p);
  }
  return p;
}

/** Layers whose call gave unknown: their weights are unknown, so totals that include them are too. */
function markUnknownBuilt(records: Records): Set<LayerObj> {
  const unknownBuilt = new Set<LayerObj>();
  for (const e of records.events) {
    if ((e.outputs === null || e.layer.weightsUnknown) && e.layer.weights === null && !isComposite(e.layer)) unknownBuilt.add(e.layer);
  }
  return unknownBuilt;
}

/**
 * One LayerCall per call site (its range and the class called there), with
 * its distinct outcomes, in text order. `imported`: instead, the calls made by
 * imported modules' code from the file's calls, one per module and place in
 * it, with the file's places that ran them.
 */
function callsAtSites(end: EndOfRun, range: TextRange | undefined, imported?: Map<CallSite, { path: string; sites: TextRange[] }>): LayerCall[] {
  // Sites by start offset (by module and hint offset for imported calls).
  const byStart = new Map<number | string, CallSite[]>();
  const sites: CallSite[] = [];
  for (const e of end.records.events) {
    if ((e.imported !== undefined) !== (imported !== undefined)) continue;
    if (e.imported?.byImport) continue;
    if (range && (e.hint < range.start || e.hint > range.end)) continue;
    const className = e.layer.className;
    // An imported call's range in its module is not kept: its hint offset stands for it.
    const site = e.imported ? { start: e.hint, end: e.hint } : e.site;
    const key = e.imported ? `${e.imported.path}\u0000${e.hint}` : e.site.start;
    let here = byStart.get(key);
    if (!here) {
      here = [];
      byStart.set(key, here);
    }
    let entry: CallSite | undefined;
    for (const x of here) if (x.range.end === site.end && x.className === className) entry = x;
    if (!entry) {
      entry = new CallSite(className, site, e.hint, e.layer.name, e.layer.docPath);
      here.push(entry);
      sites.push(entry);
      if (imported && e.imported) imported.set(entry, { path: e.imported.path, sites: [] });
    }
    const from = e.imported && imported?.get(entry);
    if (from && e.imported && !from.sites.some((r) => r.start === e.imported?.site.start)) from.sites.push(e.imported.site);
    const params = e.outputs || e.partial ? paramsAtEnd(end, e.layer) : null;
    let same: Outcome | undefined;
    for (const o of entry.outcomes) {
      if ((o.error === undefined) === (e.failure === undefined) && sameOutcome(o, e.outputs, params) && samePartial(o.partialShapes, e.partial)) {
        same = o;
        break;
      }
    }
    if (same) same.count++;
    else {
      // The engine builds an explanation when first read, once per distinct result it remembers (engineCache).
      const explain = e.explainFrom ? e.explainFrom.explain : NO_STEPS;
      const trainableParams = params ? params.trainable : null;
      const nonTrainableParams = params ? params.nonTrainable : null;
      const outcome: Outcome =
        e.unknownReason === undefined
          ? { inputShapes: e.inputShapes, outputShapes: e.outputs, trainableParams, nonTrainableParams, weights: e.weights, explain, count: 1 }
          : { inputShapes: e.inputShapes, outputShapes: e.outputs, trainableParams, nonTrainableParams, weights: e.weights, explain, unknownReason: e.unknownReason, count: 1 };
      if (e.failure !== undefined) outcome.error = e.failure;
      if (e.blockedBy !== undefined) outcome.blockedBy = e.blockedBy;
      if (e.partial !== undefined) outcome.partialShapes = e.partial;
      entry.outcomes.push(outcome);
    }
  }
  const calls: LayerCall[] = [];
  for (const c of sites) {
    const call: LayerCall =
      c.docPath === undefined
        ? { className: c.className, range: c.range, hintOffset: c.hintOffset, layerName: c.layerName, outcomes: c.outcomes }
        : { className: c.className, range: c.range, hintOffset: c.hintOffset, layerName: c.layerName, docPath: c.docPath, outcomes: c.outcomes };
    const from = imported?.get(c);
    if (from) {
      const withSites: ImportedLayerCall = { ...call, path: from.path, sites: from.sites };
      calls.push(withSites);
    } else calls.push(call);
  }
  return calls.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
}

function builtModels(end: EndOfRun, summaryLayout: '2' | 'tf.keras2' | undefined): ModelInfo[] {
  const models: ModelInfo[] = [];
  for (const entry of end.records.modelEntries) {
    const m = entry.model;
    if (!isBuilt(m) || entry.byImport) continue;
    const p = paramsAtEnd(end, m);
    const summary = summaryOf(end, m);
    const { sequentialLike, graph } = summary;
    const rows = summaryLayout === undefined ? summary.rows : markMultipleShapes(end, summary.rows);
    const application = applicationInfo(m);
    const errorLine = p ? undefined : firstErrorLine(end, rows);
    const unknownAt = p || errorLine !== undefined ? undefined : firstUnknown(end, rows);
    models.push({
      name: entry.varName ?? m.name,
      kerasName: m.name,
      className: m.className,
      range: m.ctorRange,
      totalParams: p ? p.trainable + p.nonTrainable : null,
      trainableParams: p ? p.trainable : null,
      nonTrainableParams: p ? p.nonTrainable : null,
      rows,
      sequentialLike,
      graph,
      ...(application === undefined ? {} : { application }),
      ...(summaryLayout === undefined ? {} : { summaryLayout }),
      ...(errorLine === undefined ? {} : { errorLine }),
      ...(unknownAt === undefined ? {} : { unknownAt }),
    });
  }
  return models;
}

/** The first call of these rows' not fully known layers (by name) whose result is unknown, with its reason. */
function firstUnknown(end: EndOfRun, rows: readonly SummaryRow[]): { range: TextRange; reason: string } | undefined {
  const names = new Set(rows.filter((r) => r.outputShapes === null || r.params === null).map((r) => r.name));
  for (const e of end.records.events) {
    if (e.imported === undefined && e.unknownReason !== undefined && names.has(e.layer.name)) return { range: e.site, reason: e.unknownReason };
  }
  return undefined;
}

/** The line of the first error Keras raises at a call of one of these rows' layers (by name), if any. */
function firstErrorLine(end: EndOfRun, rows: readonly SummaryRow[]): number | undefined {
  const names = new Set(rows.map((r) => r.name));
  let line: number | undefined;
  for (const e of end.records.events) {
    if (e.failure !== undefined && names.has(e.layer.name) && (line === undefined || e.failure.line < line)) line = e.failure.line;
  }
  return line;
}

/** A model's summary rows (as `model.summary()` prints them), layout and graph. */
/**
 * Keras 2's summary prints `multiple` for a layer whose calls (in any model)
 * gave different output shapes (keras/engine/base_layer.py `output_shape`,
 * tf_keras/engine/base_layer.py likewise).
 */
function markMultipleShapes(end: EndOfRun, rows: readonly SummaryRow[]): SummaryRow[] {
  const shapesOf = new Map<string, Set<string>>();
  for (const e of end.records.events) {
    if (e.outputs === null) continue;
    const key = e.layer.name;
    let set = shapesOf.get(key);
    if (!set) shapesOf.set(key, (set = new Set()));
    set.add(JSON.stringify(e.outputs));
  }
  return rows.map((r) => ((shapesOf.get(r.name)?.size ?? 0) > 1 ? { ...r, multipleOutputShapes: true } : r));
}

function summaryOf(end: EndOfRun, m: LayerObj): { rows: SummaryRow[]; sequentialLike: boolean; graph: ModelGraph } {
  const row = (l: LayerObj, inbound: readonly string[] | undefined, connectedTo?: readonly string[]): SummaryRow => {
    const p = paramsAtEnd(end, l);
    const params = p ? p.trainable + p.nonTrainable : null;
    const trainableParams = p ? p.trainable : null;
    const nonTrainableParams = p ? p.nonTrainable : null;
    let r: SummaryRow;
    if (connectedTo !== undefined) r = { name: l.name, className: l.className, outputShapes: l.lastOutputs, params, connectedTo, trainableParams, nonTrainableParams, inbound: inbound ?? [] };
    else if (inbound === undefined) r = { name: l.name, className: l.className, outputShapes: l.lastOutputs, params, trainableParams, nonTrainableParams };
    else r = { name: l.name, className: l.className, outputShapes: l.lastOutputs, params, trainableParams, nonTrainableParams, inbound };
    // Rare: a shape whose rank is known and some sizes are not.
    return l.lastOutputs === null && l.lastPartial !== null ? { ...r, partialShapes: l.lastPartial } : r;
  };
  const node = (r: SummaryRow): ModelGraphNode => ({ name: r.name, className: r.className, outputShapes: r.outputShapes, params: r.params });
  if (m instanceof FunctionalModel) {
    const graph = functionalGraph(m);
    const chain = graph.sequentialLike;
    const byOp = new Map<Tensor | LayerObj, SummaryRow>();
    m.inputs.forEach((t, i) => {
      const name = inputRowName(t, i);
      const outputShapes = t.shape ? [t.shape] : null;
      const partial = t.shape === null ? partialShapeOf(t) : null;
      const r: SummaryRow = chain
        ? { name, className: 'InputLayer', outputShapes, params: 0, trainableParams: 0, nonTrainableParams: 0, inbound: [] }
        : { name, className: 'InputLayer', outputShapes, params: 0, connectedTo: [], trainableParams: 0, nonTrainableParams: 0, inbound: [] };
      byOp.set(t, partial ? { ...r, partialShapes: [partial] } : r);
    });
    const edges: ModelGraphEdge[] = [];
    for (const l of m.layers) {
      const inbound = graph.inbound(l);
      const names = inbound.map((x) => x.name);
      for (let i = 0; i < names.length; i++) if (names.indexOf(names[i]) === i) edges.push({ from: names[i], to: l.name });
      byOp.set(l, row(l, names, chain ? undefined : inbound.map((x) => `${x.name}[${x.node}][${x.tensor}]`)));
    }
    // In `model.layers` order (by depth, as Keras orders them); anything the walk did not reach after, as built.
    const rows: SummaryRow[] = [];
    for (const op of [...graph.layerOrder, ...m.inputs, ...m.layers]) {
      const r = byOp.get(op);
      if (r === undefined) continue;
      rows.push(r);
      byOp.delete(op);
    }
    return { rows, sequentialLike: chain, graph: { nodes: rows.map(node), edges } };
  }
  const rows = m instanceof SequentialModel ? m.entries.map((e, i) => row(e.layer, i === 0 ? [] : [m.entries[i - 1].layer.name])) : m instanceof SubclassInstance ? sublayers(m).map((l) => row(l, undefined)) : [];
  const edges: ModelGraphEdge[] = [];
  if (m instanceof SequentialModel) for (let i = 1; i < rows.length; i++) edges.push({ from: rows[i - 1].name, to: rows[i].name });
  return { rows, sequentialLike: true, graph: { nodes: rows.map(node), edges } };
}

/** The params of an engine layer (no sublayers), as `paramsOf` counts them. */
function plainLayerParams(l: LayerObj, builtUnknown: boolean): Params | null {
  const ws = l.weights;
  // A layer Keras refused to build has no weights to count: unknown, not zero.
  if (!ws) return builtUnknown || l.failure !== undefined || l.weightsUnknown ? null : { trainable: 0, nonTrainable: 0 };
  let trainable = 0;
  let nonTrainable = 0;
  for (const w of ws) {
    let n = 1;
    for (const d of w.shape) n *= d;
    if (w.trainable && l.trainable) trainable += n;
    else nonTrainable += n;
  }
  return { trainable, nonTrainable };
}

/** Whether a call with these results shows what `o` shows: all unknown results are one; known ones must have equal shapes and params. */
function sameOutcome(o: Outcome, outputs: readonly Shape[] | null, params: { trainable: number; nonTrainable: number } | null): boolean {
  if (outputs === null || o.outputShapes === null) return outputs === o.outputShapes;
  if (params === null ? o.trainableParams !== null : o.trainableParams !== params.trainable || o.nonTrainableParams !== params.nonTrainable) return false;
  const shapes = o.outputShapes;
  if (shapes.length !== outputs.length) return false;
  for (let i = 0; i < shapes.length; i++) {
    const a = shapes[i];
    const b = outputs[i];
    if (a.length !== b.length) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  }
  return true;
}

/** Whether two outcomes' partial shapes (or their absence) are the same. */
function samePartial(a: readonly PartialShape[] | undefined, b: readonly PartialShape[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((s, i) => s.length === b[i].length && s.every((d, j) => d === b[i][j]));
}

/** What a `keras.applications` constructor built, for the views. */
function applicationInfo(m: LayerObj): ApplicationInfo | undefined {
  if (!(m instanceof ApplicationModelObj)) return undefined;
  const outputShapes = m.outputs.map((t) => t.shape).filter((s): s is Shape => s !== null);
  return { constructorName: m.constructorName, family: m.family, outputShapes, layerCount: m.kerasLayers.length };
}
