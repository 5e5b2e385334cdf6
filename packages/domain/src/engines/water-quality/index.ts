export {
  assessSectionYear,
  COMPENSATION_INDEX_ITEMS,
  type CompensationComplianceRule,
  type CompensationComplianceVerdict,
  type CompensationIndex,
  type CompensationIndexItem,
  type CompensationIndexRule,
  type CompensationIndexTerm,
  type CompensationIndexVerdict,
  type CompensationRule,
  type ComplianceCondition,
  computeCompensationIndex,
  DEFAULT_COMPENSATION_INDEX_WEIGHT,
  DEFAULT_REQUIRED_MONTHLY_COMPLIANCE_PERCENT,
  DEFAULT_STABILITY_COEFFICIENT,
  DEFAULT_WATER_TARGET_CLASS,
  type SectionYearAssessment,
  type SectionYearInput,
  type SectionYearVerdict,
} from './assessment.js';
export { classifySample, itemStandardFor, waterSampleDate } from './classify.js';
export { annualMeans, type MonthlyCompliance, meetsRequiredRate, monthlyCompliance, monthlyMeans } from './means.js';
export {
  DEFAULT_ASSESSED_ITEMS,
  DO_CLASS_I_NOTE,
  GB3838_2002_TABLE1,
  isWaterClass,
  isWaterItem,
  RIVER_TN_NOTE,
  SAMPLE_VALUE_CEILINGS,
  WATER_CLASS_LABELS,
  WATER_ITEM_INFO,
  WATER_ITEMS,
  type WaterBodyType,
  type WaterClass,
  type WaterClassLimits,
  type WaterItem,
  type WaterItemStandard,
  type WaterQualityStandard,
  WORSE_THAN_CLASS_V,
} from './standard.js';
export type { WaterClassifyOptions, WaterItemClassification, WaterItemMean, WaterPeriodMeans, WaterSample, WaterSampleClassification } from './types.js';
export {
  type DuplicateWaterSampleGroup,
  findDuplicateSamples,
  validateSampleRow,
  type WaterSampleRow,
  type WaterSampleRowError,
  type WaterSampleRowErrorCode,
  type WaterSampleRowValidation,
} from './validation.js';
export { DEFAULT_WORSENING_MONTHS, type WaterWarning, type WaterWarningOptions, waterQualityWarnings } from './warnings.js';
