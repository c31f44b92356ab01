// The reasons given for values the interpreter cannot know: each names the
// construct and its line, so a `?` downstream says where it comes from.
//
//   the loop over `items()` on line 7 is not followed
//   the result of `load(…)` on line 3 is not known
import { Call } from '../../python/nodes';
import type { SyntaxNode } from '../../python/syntax';
import type { Evaluator } from './evaluator';
import { quote } from './strings';

export function loopWhy(ev: Evaluator, iterable: SyntaxNode): string {
  return `the loop over ${quote(iterable)} on line ${ev.lineOf(iterable)} is not followed`;
}

/**
 * Why an expression whose value is unknown and carries no reason of its own
 * is unknown: the expression itself is where that starts.
 */
export function expressionWhy(ev: Evaluator, node: SyntaxNode): string {
  if (node.type === 'call') {
    const t = Call.function(node).text.replace(/\s+/g, '');
    return `the result of \`${t.length > 40 ? `${t.slice(0, 37)}…` : t}(…)\` on line ${ev.lineOf(node)} is not known`;
  }
  return `the value of ${quote(node)} on line ${ev.lineOf(node)} is not known`;
}
