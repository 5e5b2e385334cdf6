import type { ParsedPlan, PlanSection } from './types.js';

/**
 * The paragraphs of a parsed plan that no part of the result holds: not the preamble, the table of
 * contents, a section's heading line or own text, nor the closing matter. Empty for every input:
 * the tests hold the parser to it ("nothing silently dropped"), on the corpus and on made-up cases.
 */
export function unheldParagraphs(plan: ParsedPlan): string[] {
  const held: string[] = [plan.preamble, plan.contents, plan.closing];
  const visit = (sections: readonly PlanSection[]) => {
    for (const section of sections) {
      const lineEnd = plan.text.indexOf('\n', section.start);
      held.push(plan.text.slice(section.start, lineEnd === -1 ? undefined : lineEnd), section.text);
      visit(section.children);
    }
  };
  visit(plan.sections);
  return plan.text.split('\n').filter((paragraph) => paragraph !== '' && !held.some((part) => part.includes(paragraph)));
}
