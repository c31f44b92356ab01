// textDocument/codeAction: the quick fixes of ide/codeActions.ts as LSP code
// actions of kind quickfix, each with the diagnostics it fixes and one
// workspace edit; a diagnostic's single certain fix is marked preferred.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { AnalysisResult } from '../analysis';
import { codeActionsAt } from '../ide/codeActions';
import type { LineIndex } from '../ide/positions';

export const CODE_ACTION_OPTIONS = { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false };

/** `published` are the result's diagnostics as LSP diagnostics, index for index. */
export function codeActions(params: CodeActionParams, result: AnalysisResult, lines: LineIndex, published: readonly Diagnostic[]): CodeAction[] {
  const only = params.context.only;
  if (only !== undefined && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === CodeActionKind.Empty)) return [];
  const r = params.range;
  const range = { start: lines.offset(r.start.line, r.start.character), end: lines.offset(r.end.line, r.end.character) };
  const position = (offset: number) => {
    const p = lines.position(offset);
    return { line: p.line, character: p.column };
  };
  return codeActionsAt(result, range).map((a) => {
    const edits: TextEdit[] = a.edits.map((e) => ({ range: { start: position(e.range.start), end: position(e.range.end) }, newText: e.newText }));
    const action: CodeAction = {
      title: a.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: a.diagnostics.map((i) => published[i]).filter((d): d is Diagnostic => d !== undefined),
      edit: { changes: { [params.textDocument.uri]: edits } },
    };
    if (a.preferred) action.isPreferred = true;
    return action;
  });
}
