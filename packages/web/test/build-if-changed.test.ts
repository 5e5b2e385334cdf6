import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIfChanged, readStamp } from '../scripts/build-if-changed.mjs';

// The build that `npm start` runs every time: skipped when nothing it reads changed, run again
// when anything did. Exercised on a small tree of its own with a stand-in for the npm steps.

let root: string;
let runs: string[][];

function write(rel: string, content: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
}

/** Stands in for `npm run gen:api` / `npm run build:app`: writes what they write. */
function exec(args: string[]): number {
  runs.push(args);
  if (args[1] === 'gen:api') {
    const routes = fs.readFileSync(path.join(root, 'packages/server/src/routes.ts'), 'utf8');
    write('packages/web/src/api/openapi.json', JSON.stringify({ routes }));
    write('packages/web/src/api/schema.d.ts', `// ${routes}\n`);
  }
  if (args[1] === 'build:app') {
    fs.rmSync(path.join(root, 'packages/web/dist'), { recursive: true, force: true });
    write('packages/web/dist/index.html', '<div id="root"></div>');
  }
  return 0;
}

const build = (options: { exec?: (args: string[]) => number; force?: boolean } = {}) => buildIfChanged(root, { exec, log: () => undefined, ...options });

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'duikou-build-stamp-'));
  runs = [];
  write('package-lock.json', '{"lockfileVersion":3}');
  write('tsconfig.base.json', '{}');
  write('packages/server/src/routes.ts', 'export const routes = ["/api/v1/health"];');
  write('packages/server/src/routes.test.ts', 'it("works", () => {});');
  write('packages/domain/src/index.ts', 'export const x = 1;');
  write('packages/web/index.html', '<html></html>');
  write('packages/web/src/main.tsx', 'render();');
  write('packages/web/vite.config.ts', 'export default {};');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('build-if-changed', () => {
  it('builds everything the first time (no stamp), writes the stamp into dist, and skips everything the second time', () => {
    expect(readStamp(root)).toBeNull();
    expect(build()).toEqual({ code: 0, steps: ['gen:api', 'build:app'] });
    expect(readStamp(root)).toMatchObject({ api: expect.stringMatching(/^[0-9a-f]{64}$/), web: expect.stringMatching(/^[0-9a-f]{64}$/) });
    runs = [];
    expect(build()).toEqual({ code: 0, steps: [] });
    expect(runs).toEqual([]);
  });

  it('a touched file whose content is the same (a checkout, a copy) changes nothing', () => {
    build();
    const later = new Date(Date.now() + 60_000);
    for (const rel of ['packages/web/src/main.tsx', 'packages/server/src/routes.ts']) fs.utimesSync(path.join(root, rel), later, later);
    expect(build().steps).toEqual([]);
  });

  it('a changed web source, web configuration or lock file rebuilds the web app but does not regenerate the API client', () => {
    build();
    for (const [rel, content] of [
      ['packages/web/src/main.tsx', 'render(); // edited'],
      ['packages/web/src/pages/New.tsx', 'export {};'],
      ['packages/web/vite.config.ts', 'export default { base: "/" };'],
    ] as const) {
      write(rel, content);
      expect(build().steps, rel).toEqual(['build:app']);
      expect(build().steps, `${rel}, again`).toEqual([]);
    }
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}');
    // The lock file feeds both: new dependencies may change the generator as well as the bundle.
    expect(build().steps).toEqual(['gen:api', 'build:app']);
  });

  it('a changed server source regenerates the client, and rebuilds the web app only when the client changed', () => {
    build();
    write('packages/server/src/routes.ts', 'export const routes = ["/api/v1/health", "/api/v1/plans"];');
    expect(build().steps).toEqual(['gen:api', 'build:app']);
    // A change that leaves the generated document as it was (the stand-in reads routes.ts only):
    // generated again, nothing to rebuild.
    write('packages/domain/src/index.ts', 'export const x = 2;');
    expect(build().steps).toEqual(['gen:api']);
    expect(build().steps).toEqual([]);
    // A server test does not shape the API.
    write('packages/server/src/routes.test.ts', 'it("works too", () => {});');
    expect(build().steps).toEqual([]);
  });

  it('a missing or hand-edited build output, a failed step or DUIKOU_FORCE_BUILD builds again', () => {
    build();
    fs.rmSync(path.join(root, 'packages/web/dist/index.html'));
    expect(build().steps).toEqual(['build:app']);
    // Generated again, the client is what the app was built with: nothing more to build.
    write('packages/web/src/api/schema.d.ts', '// edited by hand');
    expect(build().steps).toEqual(['gen:api']);
    expect(fs.readFileSync(path.join(root, 'packages/web/src/api/schema.d.ts'), 'utf8')).not.toContain('edited by hand');

    write('packages/web/src/main.tsx', 'render(); // broken');
    const failing = (args: string[]) => (args[1] === 'build:app' ? 2 : exec(args));
    expect(build({ exec: failing })).toEqual({ code: 2, steps: ['build:app'] });
    // Nothing was stamped for the failed build: the next one tries again.
    expect(build().steps).toEqual(['build:app']);

    expect(build({ force: true }).steps).toEqual(['gen:api', 'build:app']);
  });
});
