export interface BuildStamp {
  version: number;
  api: string;
  generated: string;
  web: string;
}
export const STAMP_FILE: string;
export const API_INPUTS: string[];
export const API_OUTPUTS: string[];
export const WEB_INPUTS: string[];
export function hashInputs(root: string, inputs: readonly string[]): string;
export function distDir(root: string): string;
export function readStamp(root: string): BuildStamp | null;
export function writeStamp(root: string, stamp: Omit<BuildStamp, 'version'>): void;
export function apiPlan(root: string, stamp?: BuildStamp | null, force?: boolean): { api: string; generated: string; needed: boolean };
export function webPlan(root: string, stamp?: BuildStamp | null, force?: boolean): { web: string; needed: boolean };
export function buildIfChanged(
  root: string,
  options?: { exec?: (args: string[]) => number; log?: (line: string) => void; force?: boolean },
): { code: number; steps: string[] };
