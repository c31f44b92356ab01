// Requests this server adds to LSP. The VS Code client sends them by method
// name (it does not import this file).
//
//   kerasShapes/summary   {uri, model?}  → {text, models, tables}   Keras 3 model.summary() text, and as table data
//   kerasShapes/checkFile {uri, text}    → counts           diagnostics of a file that is not open
//   kerasShapes/graph     {uri, rankdir?, expandNested?} → graphs + layout  the models as graphs (./graph.ts)
import { RequestType } from 'vscode-languageserver';
import type { SummaryTableView } from '../ide/summaryTable';

export interface SummaryParams {
  readonly uri: string;
  /** Index into the file's models; all models when absent. */
  readonly model?: number;
}
export interface SummaryResponse {
  readonly text: string;
  /** Names of the models in the file, in order. */
  readonly models: readonly string[];
  /** Every model of the file as table data (the summary view lays it out and expands nested models). */
  readonly tables: readonly SummaryTableView[];
}
export const SummaryRequest = new RequestType<SummaryParams, SummaryResponse, void>('kerasShapes/summary');

export interface CheckFileParams {
  readonly uri: string;
  readonly text: string;
}
export interface CheckFileResponse {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly calls: number;
  readonly models: number;
}
export const CheckFileRequest = new RequestType<CheckFileParams, CheckFileResponse, void>('kerasShapes/checkFile');
