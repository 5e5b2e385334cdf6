import { ACTIVITY } from './kinds/activity.js';
import { PAIRING } from './kinds/pairing.js';
import { PARK } from './kinds/park.js';
import { PROJECT } from './kinds/project.js';
import { AGRI_BASE, BASE, CHARGING_STATION, DIGITAL_VILLAGE, FREIGHT_TRAIN, STUDY_ROUTE } from './kinds/resources.js';
import type { RegistryDeclaration } from './types.js';

export * from './options.js';
export * from './rollup.js';
export * from './stages.js';
export * from './types.js';
export * from './validate.js';

/** Every kind of registry record. A new kind is a declaration in kinds/ and one line here. */
export const REGISTRIES: readonly RegistryDeclaration[] = [
  PROJECT,
  PARK,
  PAIRING,
  ACTIVITY,
  BASE,
  STUDY_ROUTE,
  AGRI_BASE,
  DIGITAL_VILLAGE,
  CHARGING_STATION,
  FREIGHT_TRAIN,
];

const BY_TYPE = new Map(REGISTRIES.map((d) => [d.type, d]));

export function registryDeclaration(type: string): RegistryDeclaration | undefined {
  return BY_TYPE.get(type);
}

export const REGISTRY_TYPES = REGISTRIES.map((d) => d.type);
