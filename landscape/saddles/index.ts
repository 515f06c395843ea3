/**
 * Saddles and barriers of the potential energy landscape: ART-nouveau-style activation
 * (activation.ts), the climbing-image nudged elastic band (neb.ts), and the pieces they share.
 */
export { EnergySurface } from '../energy-surface.js';
export * from './lanczos.js';
export * from './metrics.js';
export * from './activation.js';
export * from './adjacency.js';
export * from './minimum-check.js';
export * from './neb.js';
export * from './vineyard.js';
