import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unheldParagraphs } from './coverage.js';
import { parsePlan } from './parse-plan.js';
import type { PlanSection } from './types.js';

// Real published plans (test-data/plan-corpus/SOURCES.md), each with what a reader finds in it,
// written by reading the text: every heading at every depth, every responsibility note with its
// roles, every quantified target with its year.

const CORPUS = fileURLToPath(new URL('../../../test-data/plan-corpus/', import.meta.url));

interface Expected {
  id: string;
  headings: { path: string[]; title: string }[];
  responsibilities: { path: string[]; lead: string[]; supporting: string[]; guide: string[] }[];
  targets?: { sentence: string; value: number; unit: string; year: number }[];
}

const documents = fs
  .readdirSync(CORPUS)
  .filter((name) => name.endsWith('.expected.json'))
  .map((name) => {
    const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, name), 'utf8')) as Expected;
    return { expected, text: fs.readFileSync(path.join(CORPUS, `${expected.id}.txt`), 'utf8') };
  });

function flatten(sections: readonly PlanSection[]): { path: string[]; title: string }[] {
  return sections.flatMap((section) => [{ path: section.path, title: section.title }, ...flatten(section.children)]);
}

describe('the plan corpus', () => {
  it('has at least ten real plans', () => {
    expect(documents.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(documents)('$expected.id', ({ expected, text }) => {
    const plan = parsePlan(text);

    it('finds every heading at every depth, titles exact', () => {
      expect(flatten(plan.sections)).toEqual(expected.headings);
    });

    it('finds every responsibility note and who it names', () => {
      expect(plan.responsibilities.map(({ path, lead, supporting, guide }) => ({ path, lead, supporting, guide }))).toEqual(expected.responsibilities);
    });

    it('drops no paragraph: each is in the preamble, a section, the contents or the closing', () => {
      expect(unheldParagraphs(plan)).toEqual([]);
    });

    it('suggests every quantified target with its year', () => {
      const found = plan.indicators.map(({ sentence, value, unit, year }) => ({ sentence, value, unit, year }));
      expect(found).toEqual((expected.targets ?? []).map(({ sentence, value, unit, year }) => ({ sentence, value, unit, year })));
    });
  });
});
