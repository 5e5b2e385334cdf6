// A work-pool thread for the pool's own tests (work/pool.test.ts): it sleeps, allocates without
// end, fails or exits on request, so the pool's limits can be seen at work without real jobs.
import v8 from 'node:v8';
import { parentPort } from 'node:worker_threads';

parentPort.on('message', async ({ id, input }) => {
  const reply = (value) => parentPort.postMessage({ id, ok: true, value });
  switch (input.kind) {
    case 'sleep':
      await new Promise((resolve) => setTimeout(resolve, input.ms));
      return reply({ slept: input.ms });
    case 'allocate': {
      const kept = [];
      for (;;) kept.push(new Array(1_000_000).fill(Math.random()));
    }
    case 'app':
      return parentPort.postMessage({
        id,
        ok: false,
        error: { kind: 'app', code: 'VALIDATION_FAILED', details: [{ field: 'f', reason: '太多' }], message: 'f: 太多' },
      });
    case 'throw':
      return parentPort.postMessage({ id, ok: false, error: { kind: 'error', name: 'TypeError', message: 'boom' } });
    case 'exit':
      process.exit(3);
      return;
    case 'heap':
      return reply(v8.getHeapStatistics().heap_size_limit / (1024 * 1024));
  }
});
