// `keras-shapes summary FILE [--json]`: each model of the file as Keras's
// `model.summary()` would print it, followed by the file's diagnostics; or,
// with --json, every layer call, model and diagnostic as one JSON object
// (lines and columns 1-based):
//
//   {"layers": [{"line": 7, "column": 5, "class": "Conv2D", "output_shapes": [[null, 61, 61, 24]],
//                "trainable_params": 4632, "non_trainable_params": 0, "count": 1}],
//    (an unknown output has its "unknown_reason": {"line", "text"}, the line it traces the
//    unknown back to and why; a call Keras refuses, its "error" code; a model whose totals
//    are not known, its "unknown_reason" too),
//    "models": [{"line": 5, "name": "model", "total_params": 80809, ...,
//                "rows": [{"name": "dense", "class": "Dense", "output_shapes": [[null, 8]],
//                          "trainable_params": 40, "non_trainable_params": 0, "inbound": ["input_layer"]}]}],
//    "diagnostics": [{"line", "column", "severity", "code", "message"}]}
//
// In a Jupyter notebook (.ipynb) the code cells are one program, and each
// place also has its `cell` (1-based); lines and columns are in the cell.
//
// Exit status 0 whatever the diagnostics (`check` is the command that fails
// on errors); 2 on bad usage or an unreadable file. The text is in the
// language of the environment (cli/locale.ts); the JSON is not translated.
import type { AnalysisResult } from '../analysis';
import { because, errorWhy } from '../analysis';
import { msg, type Locale } from '../ide/messages';
import { renderModelSummary } from '../ide/summaryTable';
import { reasonOrigin } from '../ide/reasons';
import { parseArgs, UsageError } from './args';
import type { CommandContext } from './checkCommand';
import { displayPath } from './files';
import { CliModules, IMPORT_OPTIONS_HELP } from './imports';
import { langOption } from './locale';
import { programOf, type Program } from './programs';
import { prettyJson, renderDiagnosticText } from './report';
import { describeKerasVersion } from '../ide/kerasVersion';
import { analyzeSource, choiceJson, configForChoice, kerasVersionChoice, kerasVersionOption, readSourceFile } from './source';
import { styleFor } from './terminal';
import * as path from 'node:path';

export const SUMMARY_HELP = `Usage: keras-shapes summary [options] FILE

Prints each model built in FILE the way Keras's model.summary() would, with
the output shape and parameter count of every layer, then the file's shape
diagnostics. Nothing is run. FILE is a Python file or a Jupyter notebook
(.ipynb), whose code cells are read as one program, in order. Imports of
the workspace's own modules are read (never run) to know what they define.

Options:
  --json       print layer calls, models and diagnostics as one JSON object
  --keras-version V  the Keras the code is written for: 3 (default), 2, 1
               or tf.keras2; without it, what the nearest
               requirements*.txt, pyproject.toml, setup.py, setup.cfg,
               environment.yml or Pipfile pins (else 3)
  --lang LANG  the language of the table: en or zh-CN (default: from LC_ALL,
               LC_MESSAGES or LANG)
${IMPORT_OPTIONS_HELP}  -h, --help   show this help
`;

export async function runSummary(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { options, positionals } = parseArgs(argv, { json: 'flag', lang: 'value', help: 'flag', 'keras-version': 'value', root: 'value', path: 'value' }, { h: 'help' });
  const locale = langOption(options.lang, ctx.locale);
  if (options.help) {
    ctx.stdout.write(SUMMARY_HELP);
    return 0;
  }
  const versionOption = kerasVersionOption(options['keras-version']);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'summary needs a FILE' : 'summary takes exactly one FILE');
  }
  const absolute = path.resolve(ctx.cwd, positionals[0]);
  const shown = displayPath(absolute, ctx.cwd);
  const errStyle = styleFor(ctx.stderr);
  const source = readSourceFile(absolute);
  if (source.kind !== 'text') {
    ctx.stderr.write(`${errStyle.red('error')}: ${positionals[0]}: ${source.reason}\n`);
    return 2;
  }
  const prepared = programOf(absolute, source.text);
  if (prepared.kind !== 'program') {
    ctx.stderr.write(`${errStyle.red('error')}: ${positionals[0]}: ${prepared.reason}\n`);
    return 2;
  }
  const program = prepared.program;
  const parser = await ctx.loadParser();
  const version = kerasVersionChoice(versionOption, absolute);
  const modules = new CliModules(ctx.cwd, parser, options);
  const analysis = analyzeSource(parser, program.text, configForChoice(version), modules.contextFor(absolute, absolute));
  if (!analysis.ok) {
    ctx.stderr.write(`${errStyle.red('error')}: ${shown}: ${analysis.reason}\n`);
    return 2;
  }
  if (options.json) {
    ctx.stdout.write(prettyJson({ keras_version: choiceJson(version, (f) => displayPath(f, ctx.cwd)), ...summaryJson(analysis.result, program) }) + '\n');
    return 0;
  }
  // A version read from a manifest is said first (a given or default version goes without saying).
  if (version.source === 'manifest') {
    ctx.stdout.write(`${msg(locale, 'kerasVersion.inEffect', { reason: describeKerasVersion(version, locale, 'option', displayPath(version.file, ctx.cwd)) })}\n`);
  }
  ctx.stdout.write(summaryText(analysis.result, program, shown, ctx.stdout, locale));
  return 0;
}

/**
 * Why something is not known, for the JSON: the reason's text, and the place
 * it traces the unknown back to (the last line it names; else `fallback`,
 * the place the analysis lost track; else null): `line`, and `cell` in a
 * notebook.
 */
function reasonJson(text: string, program: Program, fallback?: number): { line: number | null; cell?: number; text: string } {
  const origin = reasonOrigin(text);
  let offset = fallback;
  if (origin !== undefined) {
    let at: number | undefined = 0;
    for (let l = 1; l < origin && at !== undefined; l++) {
      const nl = program.text.indexOf('\n', at);
      at = nl < 0 ? undefined : nl + 1;
    }
    offset = at;
  }
  if (offset === undefined) return { line: null, text };
  const { cell, line } = program.place(offset);
  return cell === undefined ? { line, text } : { line, cell, text };
}

/** The JSON form: one layer record per distinct outcome of each call. */
export function summaryJson(result: AnalysisResult, program: Program): object {
  const at = (offset: number) => program.place(offset);
  return {
    layers: result.calls.flatMap((call) =>
      call.outcomes.map((o) => ({
        ...at(call.range.start),
        class: call.className,
        output_shapes: (o.outputShapes ?? o.partialShapes ?? null)?.map((s) => [...s]) ?? null,
        trainable_params: o.trainableParams,
        non_trainable_params: o.nonTrainableParams,
        count: o.count,
        ...((o.outputShapes === null || o.trainableParams === null) && o.unknownReason !== undefined ? { unknown_reason: reasonJson(o.unknownReason, program) } : {}),
        ...(o.error !== undefined ? { error: o.error.code } : {}),
      })),
    ),
    models: result.models.map((m) => {
      const { cell, line } = at(m.range.start);
      return {
        cell,
        line,
        name: m.name,
        total_params: m.totalParams,
        trainable_params: m.trainableParams,
        non_trainable_params: m.nonTrainableParams,
        ...(m.totalParams === null && m.errorLine !== undefined ? { unknown_reason: reasonJson(because(errorWhy(m.errorLine)), program) } : {}),
        ...(m.totalParams === null && m.unknownAt !== undefined ? { unknown_reason: reasonJson(m.unknownAt.reason, program, m.unknownAt.range.start) } : {}),
        rows: m.rows.map((r) => ({
          name: r.name,
          class: r.className,
          output_shapes: (r.outputShapes ?? r.partialShapes ?? null)?.map((s) => [...s]) ?? null,
          trainable_params: r.trainableParams ?? null,
          non_trainable_params: r.nonTrainableParams ?? null,
          inbound: r.inbound === undefined ? null : [...r.inbound],
        })),
      };
    }),
    diagnostics: result.diagnostics.map((d) => ({
      ...at(d.range.start),
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  };
}

/** The terminal's columns for Keras's table width; Python assumes 80 when output is not a terminal. */
function terminalColumns(stdout: NodeJS.WriteStream): number {
  const fromEnv = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : stdout.isTTY && stdout.columns ? stdout.columns : 80;
}

function summaryText(result: AnalysisResult, program: Program, shown: string, stdout: NodeJS.WriteStream, locale: Locale): string {
  const style = styleFor(stdout);
  const columns = terminalColumns(stdout);
  const parts: string[] = [];
  for (const model of result.models) {
    const at = program.place(model.range.start);
    const where = at.cell === undefined ? `${at.line}` : `cell ${at.cell}:${at.line}`;
    parts.push(`${style.bold(`${shown}:${where}:`)} ${model.name}\n` + renderModelSummary(model, { terminalColumns: columns, locale }));
  }
  if (result.models.length === 0) parts.push(`${msg(locale, 'summary.noModelIn', { file: shown })}\n`);
  for (const d of program.placeDiagnostics(shown, result.diagnostics)) parts.push(renderDiagnosticText(d, style, locale));
  return parts.join('\n');
}
