// `keras-shapes plot FILE`: the models of a file as a graph, like Keras's
// plot_model, without running anything — SVG drawn from our own layout, DOT
// for Graphviz, a Mermaid flowchart for Markdown, or the graph as JSON. Parses
// its own options (node:util parseArgs) and reports its own usage errors
// (status 2), so the main dispatch only calls runPlot.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Parser } from 'web-tree-sitter';
import { buildGraph, type ModelGraph } from '../ide/graph';
import { layoutModel, type GraphLayoutOptions, type RankDir } from '../ide/graphLayout';
import { renderDot, renderMermaid, renderSvg } from '../ide/graphRender';
import { isNotebookPath, programOf } from './programs';
import { prettyJson } from './report';
import type { KerasVersion } from '../engine';
import { analyzeSource, configForChoice, kerasVersionChoice, kerasVersionOption, readSourceFile } from './source';

export const PLOT_HELP = `Usage: keras-shapes plot [options] FILE

Draws the models built in FILE as graphs, like Keras's plot_model: one box
per layer, one arrow per tensor. Nothing is run. FILE is a Python file or a
Jupyter notebook (.ipynb), whose code cells are read as one program; in JSON
its layers then carry their "cell" (1-based) and the line in that cell.

Options:
  --model NAME         only this model (its variable or Keras name)
  --format FORMAT      svg (default), dot (Graphviz), mermaid (Markdown) or json;
                       guessed from -o's extension when not given
  -o, --output OUT     write to OUT instead of standard output
  --show-shapes        output shapes in the boxes and on the arrows
  --show-params        parameter counts in the boxes
  --expand-nested      draw nested models' layers inside a frame
  --rankdir TB|LR      top to bottom (default) or left to right
  --keras-version V    the Keras the code is written for (3, 2, 1, tf.keras2;
                       default: what the nearest manifest pins, else 3)
  -h, --help           show this help

Examples:
  keras-shapes plot model.py --show-shapes -o model.svg
  keras-shapes plot model.py --format dot | dot -Tpng -o model.png
  keras-shapes plot model.py --format mermaid --model encoder
`;

export interface PlotContext {
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly loadParser: () => Promise<Parser>;
}

export type PlotFormat = 'svg' | 'dot' | 'mermaid' | 'json';
const FORMATS: readonly PlotFormat[] = ['svg', 'dot', 'mermaid', 'json'];
const BY_EXTENSION: Record<string, PlotFormat> = { '.svg': 'svg', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid', '.md': 'mermaid', '.json': 'json' };

class PlotUsageError extends Error {}

/** Runs `keras-shapes plot` with the arguments after `plot`; the exit status. */
export async function runPlot(argv: readonly string[], ctx: PlotContext): Promise<number> {
  try {
    return await plot(argv, ctx);
  } catch (e) {
    if (e instanceof PlotUsageError || isParseArgsError(e)) {
      ctx.stderr.write(`keras-shapes plot: ${(e as Error).message}\nRun 'keras-shapes plot --help' for usage.\n`);
      return 2;
    }
    throw e;
  }
}

function isParseArgsError(e: unknown): boolean {
  return e instanceof TypeError && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('ERR_PARSE_ARGS');
}

async function plot(argv: readonly string[], ctx: PlotContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'show-shapes': { type: 'boolean' },
      'show-params': { type: 'boolean' },
      'expand-nested': { type: 'boolean' },
      rankdir: { type: 'string' },
      'keras-version': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    ctx.stdout.write(PLOT_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new PlotUsageError(positionals.length === 0 ? 'plot needs a FILE' : 'plot takes exactly one FILE');
  const format = plotFormat(values.format, values.output);
  const rankdir = (values.rankdir ?? 'TB').toUpperCase();
  if (rankdir !== 'TB' && rankdir !== 'LR') throw new PlotUsageError(`--rankdir must be TB or LR (got '${values.rankdir}')`);
  const options: GraphLayoutOptions = {
    rankdir: rankdir as RankDir,
    showShapes: values['show-shapes'] === true,
    showParams: values['show-params'] === true,
    expandNested: values['expand-nested'] === true,
  };

  let versionOption: KerasVersion | undefined;
  try {
    versionOption = kerasVersionOption(values['keras-version']);
  } catch (e) {
    throw new PlotUsageError((e as Error).message);
  }
  const file = positionals[0];
  const source = readSourceFile(path.resolve(ctx.cwd, file));
  if (source.kind !== 'text') {
    ctx.stderr.write(`error: ${file}: ${source.reason}\n`);
    return 2;
  }
  // A notebook is its code cells as one program; its layers are placed by cell and line in the cell.
  const outcome = programOf(file, source.text);
  if (outcome.kind !== 'program') {
    ctx.stderr.write(`error: ${file}: ${outcome.reason}\n`);
    return 2;
  }
  const program = outcome.program;
  const analysis = analyzeSource(await ctx.loadParser(), program.text, configForChoice(kerasVersionChoice(versionOption, path.resolve(ctx.cwd, file))));
  if (!analysis.ok) {
    ctx.stderr.write(`error: ${file}: ${analysis.reason}\n`);
    return 2;
  }
  let models = buildGraph(analysis.result, program.text, isNotebookPath(file) ? (offset) => program.place(offset) : undefined).models;
  if (values.model !== undefined) {
    const wanted = values.model;
    const kerasNames = new Map(analysis.result.models.map((m, i) => [models[i], m.kerasName]));
    models = models.filter((m) => m.name === wanted || kerasNames.get(m) === wanted);
    if (models.length === 0) {
      const names = analysis.result.models.map((m) => m.name);
      ctx.stderr.write(`error: ${file}: no model named '${wanted}'${names.length > 0 ? ` (models: ${names.join(', ')})` : ''}\n`);
      return 2;
    }
  } else if (models.length === 0) {
    ctx.stderr.write(`error: ${file}: no model is built in this file\n`);
    return 1;
  }

  const text = renderPlot(models, format, options);
  if (values.output === undefined || values.output === '-') {
    ctx.stdout.write(text);
  } else {
    try {
      fs.writeFileSync(path.resolve(ctx.cwd, values.output), text);
    } catch (e) {
      ctx.stderr.write(`error: cannot write ${values.output}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
  }
  return 0;
}

function plotFormat(format: string | undefined, output: string | undefined): PlotFormat {
  if (format !== undefined) {
    const f = format.toLowerCase();
    if (!(FORMATS as readonly string[]).includes(f)) throw new PlotUsageError(`--format must be one of ${FORMATS.join(', ')} (got '${format}')`);
    return f as PlotFormat;
  }
  if (output !== undefined) return BY_EXTENSION[path.extname(output).toLowerCase()] ?? 'svg';
  return 'svg';
}

/** The file's text in one format. */
export function renderPlot(models: readonly ModelGraph[], format: PlotFormat, options: GraphLayoutOptions): string {
  switch (format) {
    case 'json':
      return prettyJson({ models }) + '\n';
    case 'dot':
      return renderDot(models, options);
    case 'mermaid':
      return renderMermaid(models, options);
    case 'svg':
      return renderSvg(models.map((model) => ({ model, layout: layoutModel(model, options) })));
  }
}
