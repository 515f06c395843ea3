/** What a config file is, from its top-level keys: a study has `samples`, an MD-DMA sweep `scans`, else a sweep. */
import { readConfigDocument } from './document.js';

export type ConfigKind = 'sweep' | 'study' | 'dma';

export function configKind(file: string): ConfigKind {
  const { raw } = readConfigDocument(file);
  const keys = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : [];
  return keys.includes('samples') ? 'study' : keys.includes('scans') ? 'dma' : 'sweep';
}
