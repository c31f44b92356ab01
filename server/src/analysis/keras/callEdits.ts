// Where a call's arguments are in the source, for diagnostics about one
// argument and for quick-fix edits that rewrite a call (the engine's
// LegacyEdit pieces turned into text replacements).
//
//   Conv2D(32, 3, 3, border_mode='same')   keyword border_mode → the range of `border_mode='same'`
import { renderFixText, type ArgRef, type LegacyEdit } from '../../engine';
import { Call, KeywordArgument } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import type { TextEdit, TextRange } from '../types';

/** A call expression's argument nodes, by position and by keyword; undefined when `*args` makes positions uncertain. */
export class CallSyntax {
  private constructor(
    readonly call: SyntaxNode,
    private readonly argList: SyntaxNode | null,
    private readonly items: readonly SyntaxNode[],
    private readonly positional: readonly SyntaxNode[],
    private readonly keywords: ReadonlyMap<string, SyntaxNode>,
  ) {}

  static of(node: SyntaxNode | undefined): CallSyntax | undefined {
    if (node === undefined || node === null || node.type !== 'call') return undefined;
    const argList = Call.arguments(node);
    if (argList !== null && argList.type !== 'argument_list') return undefined;
    const items: SyntaxNode[] = [];
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    for (const a of argList?.namedChildren ?? []) {
      if (a.type === 'comment') continue;
      if (a.type === 'list_splat' || a.type === 'dictionary_splat') return undefined;
      items.push(a);
      if (a.type === 'keyword_argument') keywords.set(KeywordArgument.name(a), a);
      else positional.push(a);
    }
    return new CallSyntax(node, argList, items, positional, keywords);
  }

  private nodeOf(ref: ArgRef): SyntaxNode | undefined {
    switch (ref.kind) {
      case 'positional':
        return this.positional[ref.index];
      case 'keyword':
        return this.keywords.get(ref.name);
      case 'callee': {
        const fn = Call.function(this.call);
        return fn.type === 'attribute' ? (fn.childForFieldName('attribute') ?? fn) : fn;
      }
      case 'call':
        return this.call;
    }
  }

  /** The argument's range (a keyword's whole `name=value`). */
  rangeOf(ref: ArgRef): TextRange | undefined {
    const n = this.nodeOf(ref);
    return n === undefined ? undefined : { start: n.startIndex, end: n.endIndex };
  }

  /**
   * A new callee that wraps a second class (`TimeDistributed(Dense`), for a
   * call written `layers.TimeDistributedDense(…)`: the inner class gets the
   * same module prefix (`TimeDistributed(layers.Dense`).
   */
  private qualified(text: string): string {
    const fn = Call.function(this.call);
    const prefix = fn.type === 'attribute' ? fn.childForFieldName('object')?.text : undefined;
    return prefix === undefined ? text : text.replace(/\((?=[A-Z]\w*$)/, `(${prefix}.`);
  }

  /** The range of a keyword argument's name (`kernal_size` in `kernal_size=3`). */
  keywordNameRange(name: string): TextRange | undefined {
    const n = this.keywords.get(name)?.childForFieldName('name');
    return n === undefined || n === null ? undefined : { start: n.startIndex, end: n.endIndex };
  }

  /** The source text of an argument's value (without `name=`). */
  sourceOf(ref: ArgRef): string | undefined {
    const n = this.nodeOf(ref);
    if (n === undefined) return undefined;
    if (n.type === 'keyword_argument') return KeywordArgument.value(n)?.text;
    return n.text;
  }

  /** The text edits of a fix; undefined when one cannot be placed or filled. */
  edits(fix: readonly LegacyEdit[]): TextEdit[] | undefined {
    const out: TextEdit[] = [];
    for (const e of fix) {
      const edit = this.edit(e);
      if (edit === undefined) return undefined;
      out.push(edit);
    }
    // Removing neighbouring arguments deletes their separators twice: one deletion covers both.
    out.sort((a, b) => a.range.start - b.range.start);
    const merged: TextEdit[] = [];
    for (const e of out) {
      const prev = merged[merged.length - 1];
      if (prev !== undefined && e.range.start < prev.range.end) {
        if (prev.newText !== '' || e.newText !== '') return undefined;
        merged[merged.length - 1] = { range: { start: prev.range.start, end: Math.max(prev.range.end, e.range.end) }, newText: '' };
      } else merged.push(e);
    }
    return merged;
  }

  /** The source text of each item of a list or tuple literal passed as this argument, when it is one. */
  itemSources(ref: ArgRef): string[] | undefined {
    let n = this.nodeOf(ref);
    if (n !== undefined && n.type === 'keyword_argument') n = KeywordArgument.value(n) ?? undefined;
    if (n === undefined || (n.type !== 'list' && n.type !== 'tuple')) return undefined;
    return n.namedChildren.filter((c) => c.type !== 'comment').map((c) => c.text);
  }

  private edit(e: LegacyEdit): TextEdit | undefined {
    const text = e.kind === 'remove' ? '' : renderFixText(e.text, (ref) => this.sourceOf(ref));
    if (text === undefined) return undefined;
    switch (e.kind) {
      case 'replace': {
        const from = this.rangeOf(e.target);
        const to = e.through === undefined ? from : this.rangeOf(e.through);
        if (from === undefined || to === undefined) return undefined;
        return { range: { start: from.start, end: to.end }, newText: e.target.kind === 'callee' ? this.qualified(text) : text };
      }
      case 'remove': {
        const n = this.nodeOf(e.target);
        if (n === undefined) return undefined;
        const i = this.items.indexOf(n);
        if (i < 0) return undefined;
        if (i + 1 < this.items.length) return { range: { start: n.startIndex, end: this.items[i + 1].startIndex }, newText: '' };
        if (i > 0) return { range: { start: this.items[i - 1].endIndex, end: n.endIndex }, newText: '' };
        return { range: { start: n.startIndex, end: n.endIndex }, newText: '' };
      }
      case 'append': {
        const last = this.items[this.items.length - 1];
        if (last !== undefined) return { range: { start: last.endIndex, end: last.endIndex }, newText: `, ${text}` };
        if (this.argList === null) return undefined;
        const at = this.argList.startIndex + 1;
        return { range: { start: at, end: at }, newText: text };
      }
      case 'after':
        return { range: { start: this.call.endIndex, end: this.call.endIndex }, newText: text };
    }
  }
}
