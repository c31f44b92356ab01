// The `kerasShapes.*` settings as the server uses them, read defensively from
// whatever the client sends (workspace/configuration or didChangeConfiguration).
import { DEFAULT_ANALYSIS_CONFIG, type AnalysisConfig } from '../analysis';
import { DEFAULT_KERAS_VERSION, parseKerasVersion, type KerasVersion } from '../engine';
import type { BatchDimStyle, HintOptions } from '../ide/inlayHints';

export interface Settings {
  readonly inlayHintsEnabled: boolean;
  readonly showParams: boolean;
  readonly batchDim: BatchDimStyle;
  readonly imageDataFormat: 'channels_last' | 'channels_first';
  /** The Keras the code is written for (`kerasShapes.kerasVersion`). */
  readonly kerasVersion: KerasVersion;
  /** Interpretation steps per file. */
  readonly analysisBudget: number;
}

export const DEFAULT_SETTINGS: Settings = {
  inlayHintsEnabled: true,
  showParams: true,
  batchDim: 'None',
  imageDataFormat: 'channels_last',
  kerasVersion: DEFAULT_KERAS_VERSION,
  analysisBudget: DEFAULT_ANALYSIS_CONFIG.stepBudget,
};

function record(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

/** Settings from the `kerasShapes` section; accepts nested (`inlayHints: {enabled}`) and dotted (`'inlayHints.enabled'`) keys. */
export function parseSettings(section: unknown): Settings {
  const raw = record(section);
  const hints = record(raw.inlayHints);
  const pick = (nested: unknown, dotted: string): unknown => (nested !== undefined ? nested : raw[dotted]);
  const enabled = pick(hints.enabled, 'inlayHints.enabled');
  const showParams = pick(hints.showParams, 'inlayHints.showParams');
  const batchDim = raw.batchDim;
  const format = raw.imageDataFormat;
  const budget = raw.analysisBudget;
  const version = typeof raw.kerasVersion === 'string' ? parseKerasVersion(raw.kerasVersion) : typeof raw.kerasVersion === 'number' ? parseKerasVersion(String(raw.kerasVersion)) : undefined;
  return {
    inlayHintsEnabled: typeof enabled === 'boolean' ? enabled : DEFAULT_SETTINGS.inlayHintsEnabled,
    showParams: typeof showParams === 'boolean' ? showParams : DEFAULT_SETTINGS.showParams,
    batchDim: batchDim === 'None' || batchDim === 'hide' || batchDim === '?' ? batchDim : DEFAULT_SETTINGS.batchDim,
    imageDataFormat: format === 'channels_first' || format === 'channels_last' ? format : DEFAULT_SETTINGS.imageDataFormat,
    kerasVersion: version ?? DEFAULT_SETTINGS.kerasVersion,
    analysisBudget:
      typeof budget === 'number' && Number.isFinite(budget) && budget >= 1000 ? Math.floor(budget) : DEFAULT_SETTINGS.analysisBudget,
  };
}

/** Wall-clock limit of one analysis in the editor. */
export const EDITOR_TIME_BUDGET_MS = 1500;

const configs = new WeakMap<Settings, AnalysisConfig>();

/** The analysis configuration of some settings: the same object for the same settings (engine results are remembered per configuration). */
export function analysisConfig(s: Settings): AnalysisConfig {
  let config = configs.get(s);
  if (!config) {
    config = {
      ...DEFAULT_ANALYSIS_CONFIG,
      engine: { ...DEFAULT_ANALYSIS_CONFIG.engine, imageDataFormat: s.imageDataFormat },
      stepBudget: s.analysisBudget,
      kerasVersion: s.kerasVersion,
      // In the editor a runaway loop must not hold up the next keystroke.
      timeBudgetMs: EDITOR_TIME_BUDGET_MS,
    };
    configs.set(s, config);
  }
  return config;
}

/** Settings that change the analysis itself (not only how it is shown). */
export function analysisKey(s: Settings): string {
  return `${s.imageDataFormat}/${s.kerasVersion}/${s.analysisBudget}`;
}

export function hintOptions(s: Settings): HintOptions {
  return { showParams: s.showParams, batchDim: s.batchDim };
}
