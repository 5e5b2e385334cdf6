import { shenzhenGanzhou } from './shenzhen-ganzhou.js';
import type { PairSeed } from './types.js';

export { shenzhenGanzhou } from './shenzhen-ganzhou.js';
export * from './types.js';

/** Built-in city pairs offered as default data. */
export const defaultPairs: PairSeed[] = [shenzhenGanzhou];
export * from './rollups.js';
