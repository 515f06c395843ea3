/**
 * The energy surface now lives in ../energy-surface.ts (shared with the minimizers); this path
 * stays for cli/commands/neb.ts, which imports it from here.
 */
export { EnergySurface } from '../energy-surface.js';
