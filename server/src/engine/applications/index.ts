// `keras.applications` models as data: `buildApplication('ResNet50', args)`
// binds the constructor's arguments, makes Keras's checks, and builds the
// graph layer by layer with the engine's own layer arithmetic.
//
//   const m = buildApplication('ResNet50', { keywords: { weights: null, include_top: false } });
//   // m.kind === 'ok', m.outputShape = [null, null, null, 2048], m.rows[1].name === 'conv1_pad'
import type { EngineConfig } from '../types';
import { AppArgs } from './common';
import { Graph } from './graph';
import type { ApplicationDef } from './registry';
import { ApplicationFailure, cannotTell, raise, type ApplicationArgs, type ApplicationModel, type ApplicationResult, type ApplicationRow } from './types';
import { resnetApplications } from './resnet';
import { vggApplications } from './vgg';
import { densenetApplications } from './densenet';
import { mobilenetApplications } from './mobilenet';
import { efficientnetApplications } from './efficientnet';
import { inceptionV3Applications } from './inceptionV3';
import { xceptionApplications } from './xception';
import { mobilenetV3Applications } from './mobilenetV3';
import { convnextApplications } from './convnext';
import { inceptionResnetV2Applications } from './inceptionResnetV2';
import { nasnetApplications } from './nasnet';

export type { ApplicationArgs, ApplicationModel, ApplicationResult, ApplicationRow, ApplicationError, ApplicationUnknown } from './types';

const DEFINITIONS: readonly ApplicationDef[] = [
  ...resnetApplications,
  ...vggApplications,
  ...mobilenetApplications,
  ...densenetApplications,
  ...efficientnetApplications,
  ...inceptionV3Applications,
  ...xceptionApplications,
  ...mobilenetV3Applications,
  ...convnextApplications,
  ...inceptionResnetV2Applications,
  ...nasnetApplications,
];

const byName: ReadonlyMap<string, ApplicationDef> = new Map(DEFINITIONS.map((d) => [d.name, d]));

/** The constructors the engine describes, in catalogue order. */
export function applicationNames(): string[] {
  return DEFINITIONS.map((d) => d.name);
}

/** The family of a constructor (`ResNet50` → `ResNet`), or undefined when the engine does not describe it. */
export function applicationFamily(name: string): string | undefined {
  return definition(name)?.family;
}

/** Parameter names of a constructor in positional order, with their defaults. */
export function applicationParams(name: string): readonly { readonly name: string; readonly default: import('../types').PyValue }[] | undefined {
  return definition(name)?.params;
}

/** Memoised models, per constructor and arguments. Owned by the caller. */
export class ApplicationCache {
  readonly #results = new Map<string, ApplicationResult>();
  get(key: string): ApplicationResult | undefined {
    return this.#results.get(key);
  }
  set(key: string, r: ApplicationResult): void {
    if (this.#results.size >= 256) this.#results.clear();
    this.#results.set(key, r);
  }
}

export interface BuildOptions {
  readonly cache?: ApplicationCache;
  /**
   * How many auto names of each prefix the session has already used
   * (`{ add: 18 }` makes the model's first `add` row `add_18`). Keras's
   * counters are per session, so a second model continues where the first stopped.
   */
  readonly nameOffsets?: Readonly<Record<string, number>>;
  /** Keras's `image_data_format()`; the models are described for `channels_last`. */
  readonly config?: EngineConfig;
}

/** The submodules of `keras.applications` and the constructors each exports. */
const MODULES: Readonly<Record<string, RegExp>> = {
  convnext: /^ConvNeXt/,
  densenet: /^DenseNet/,
  efficientnet: /^EfficientNetB\d$/,
  efficientnet_v2: /^EfficientNetV2/,
  inception_resnet_v2: /^InceptionResNetV2$/,
  inception_v3: /^InceptionV3$/,
  mobilenet: /^MobileNet$/,
  mobilenet_v2: /^MobileNetV2$/,
  nasnet: /^NASNet/,
  resnet: /^ResNet\d+$/,
  resnet50: /^ResNet50$/,
  resnet_v2: /^ResNet\d+V2$/,
  vgg16: /^VGG16$/,
  vgg19: /^VGG19$/,
  xception: /^Xception$/,
};

/**
 * `ResNet50`, `keras.applications.ResNet50`, `keras.applications.resnet.ResNet50` → `ResNet50`;
 * a submodule that does not export the constructor gives `undefined`.
 */
function constructorOf(name: string): string | undefined {
  const rest = name.startsWith('keras.applications.') ? name.slice('keras.applications.'.length) : name;
  const parts = rest.split('.');
  if (parts.length === 1) return parts[0];
  if (parts.length !== 2) return undefined;
  const pattern = Object.prototype.hasOwnProperty.call(MODULES, parts[0]) ? MODULES[parts[0]] : undefined;
  return pattern !== undefined && pattern.test(parts[1]) ? parts[1] : undefined;
}

function definition(name: string): ApplicationDef | undefined {
  const ctor = constructorOf(name);
  return ctor === undefined ? undefined : byName.get(ctor);
}

/** Builds what `keras.applications.<name>(*args)` returns, or the error it raises. */
export function buildApplication(name: string, args: ApplicationArgs = {}, options: BuildOptions = {}): ApplicationResult {
  const def = definition(name);
  if (def === undefined) return { kind: 'unknown', reason: `unknown application: ${name} is not a keras.applications model the engine describes` };
  const cache = options.cache;
  const key = cache === undefined ? '' : JSON.stringify([def.name, args, options.config?.imageDataFormat ?? 'channels_last']);
  let result = cache?.get(key);
  if (result === undefined) {
    result = build(def, args, options.config?.imageDataFormat ?? 'channels_last');
    cache?.set(key, result);
  }
  const offsets = options.nameOffsets;
  if (result.kind === 'ok' && offsets !== undefined && Object.values(offsets).some((n) => n > 0)) return renamed(result, offsets);
  return result;
}

/** Families whose constructor refuses `channels_first` before anything else. */
const CHANNELS_LAST_ONLY: ReadonlySet<string> = new Set(['ConvNeXt', 'DenseNet', 'NASNet']);

function build(def: ApplicationDef, args: ApplicationArgs, dataFormat: EngineConfig['imageDataFormat']): ApplicationResult {
  const g = new Graph();
  try {
    const a = new AppArgs(def.name, def.params, args);
    if (dataFormat === 'channels_first') {
      if (CHANNELS_LAST_ONLY.has(def.family)) {
        raise(
          'ValueError',
          `${def.family} does not support the \`channels_first\` image data format. Switch to \`channels_last\` by editing your local config file at ~/.keras/keras.json`,
        );
      }
      cannotTell(`${def.name} is described for the channels_last image data format only`);
    }
    const built = def.build(a, g);
    const rows = g.summaryRows(built.output);
    let trainable = 0;
    let nonTrainable = 0;
    for (const r of rows) {
      trainable += r.trainableParams;
      nonTrainable += r.nonTrainableParams;
    }
    const model: ApplicationModel = {
      kind: 'ok',
      constructorName: def.name,
      family: def.family,
      name: built.name,
      inputShape: built.input.shape,
      outputShape: built.output.shape,
      rows,
      totalParams: trainable + nonTrainable,
      trainableParams: trainable,
      nonTrainableParams: nonTrainable,
      sequentialLike: isChain(rows),
      warnings: g.warnings,
      autoNameCounts: g.autoNameCounts(),
    };
    return model;
  } catch (e) {
    if (e instanceof ApplicationFailure) return e.result;
    const msg = e instanceof Error ? e.message : String(e);
    return { kind: 'unknown', reason: `internal error: ${msg}` };
  }
}

/** A plain chain: every row reads at most one tensor, and no tensor is read twice. */
function isChain(rows: readonly ApplicationRow[]): boolean {
  const used = new Set<string>();
  for (const r of rows) {
    if (r.inbound.length > 1) return false;
    for (const s of r.inbound) {
      if (used.has(s)) return false;
      used.add(s);
    }
  }
  return true;
}

function renamed(m: ApplicationModel, offsets: Readonly<Record<string, number>>): ApplicationModel {
  const map = new Map<string, string>();
  for (const r of m.rows) {
    if (r.auto === undefined) continue;
    const [prefix, n] = r.auto;
    const k = n + (offsets[prefix] ?? 0);
    map.set(r.name, k === 0 ? prefix : `${prefix}_${k}`);
  }
  const rename = (s: string): string => map.get(s) ?? s;
  const rows = m.rows.map((r): ApplicationRow => {
    const name = rename(r.name);
    const inbound = r.inbound.map(rename);
    if (r.auto === undefined) return { ...r, inbound };
    const k = r.auto[1] + (offsets[r.auto[0]] ?? 0);
    return { ...r, name, inbound, auto: [r.auto[0], k] };
  });
  return { ...m, rows };
}
