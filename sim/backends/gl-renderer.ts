/**
 * Which GL driver renders a headless-gl context. headless-gl reports only "ANGLE" (it has no
 * WEBGL_debug_renderer_info extension), so this reads which GL driver the process has loaded:
 * NVIDIA's GLX, Mesa's software rasteriser (swrast_dri.so: llvmpipe, on the CPU), or another Mesa
 * DRI driver (a GPU). Call it after a context has been opened.
 */
import { readFileSync } from 'node:fs';

export function glRenderer(): string {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return 'GL driver unknown';
  }
  if (/libGLX_nvidia|libnvidia-glcore/.test(maps)) return 'NVIDIA GL, hardware';
  const dri = [...new Set([...maps.matchAll(/\/([A-Za-z0-9_]+)_dri\.so/g)].map((m) => m[1]))];
  const hardware = dri.filter((d) => d !== 'swrast' && d !== 'kms_swrast');
  if (hardware.length > 0) return `Mesa ${hardware.join('+')}, hardware`;
  if (dri.length > 0) return 'Mesa llvmpipe, software';
  return 'GL driver unknown';
}
