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

/**
 * What gpu.js really ran, e.g. "gpu.js headlessgl (Mesa llvmpipe, software)": the kernel class of
 * the first kernel that ran (else the class gpu.js chose), and gpu.js's reason if it fell back.
 */
export function describeGpuKernel(ran: { kernel: string; fallback: string | null } | null, chosen: string): string {
  const kernel = ran?.kernel ?? chosen;
  const name = ({ HeadlessGLKernel: 'headlessgl', WebAssemblyKernel: 'webasm', CPUKernel: 'cpu' } as Record<string, string>)[kernel] ?? kernel;
  const renderer = name === 'headlessgl' ? ` (${glRenderer()})` : '';
  const fallback = ran?.fallback ? `, fell back: ${ran.fallback}` : '';
  return `gpu.js ${name}${renderer}${fallback}`;
}
