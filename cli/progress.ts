/**
 * Progress of running members on stderr: on a terminal one line per running member with a bar,
 * steps/s and ETA; otherwise plain lines every few seconds; nothing with --quiet (warnings are
 * always shown).
 */
import cliProgress from 'cli-progress';
import type { MemberProgress } from '../sim/protocols/quench-member.js';

export interface ProgressView {
  update(p: MemberProgress): void;
  /** A member has finished: its bar goes, a line stays. */
  finish(member: string, line: string): void;
  /** A line that must be seen (warnings, failures), also with --quiet. */
  warn(line: string): void;
  /** An informational line (suppressed by --quiet). */
  info(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  quiet: boolean;
  /** Bars (a terminal) or plain lines. */
  tty: boolean;
  /** Seconds between plain progress lines of one member. */
  every?: number;
  write?: (s: string) => void;
}

function eta(p: MemberProgress): string {
  if (p.phase !== 'md' || p.rate <= 0) return '-';
  const s = Math.max(0, (p.total - p.step) / p.rate);
  return s >= 3600 ? `${(s / 3600).toFixed(1)}h` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`;
}

function describe(p: MemberProgress): string {
  if (p.phase === 'minimize') return `${p.member}: minimizing the glass`;
  const pct = p.total > 0 ? ((100 * p.step) / p.total).toFixed(0) : '100';
  return `${p.member}: ${p.stage} ${pct}% (step ${p.step}/${p.total}, ${Math.round(p.rate)} steps/s, ETA ${eta(p)}), T ${p.T.toFixed(3)}`;
}

export function createProgress(opts: ProgressOptions): ProgressView {
  const write = opts.write ?? ((s: string) => process.stderr.write(s));
  if (opts.quiet) return { update() {}, finish() {}, warn: (l) => write(l + '\n'), info() {}, stop() {} };

  if (!opts.tty) {
    const every = (opts.every ?? 10) * 1000;
    const last = new Map<string, number>();
    return {
      update(p) {
        if (p.phase === 'done') return;
        const t = performance.now();
        const prev = last.get(p.member);
        // The first report of a member and every `every` seconds after it.
        if (prev !== undefined && t - prev < every) return;
        last.set(p.member, t);
        write(describe(p) + '\n');
      },
      finish: (_m, line) => write(line + '\n'),
      warn: (l) => write(l + '\n'),
      info: (l) => write(l + '\n'),
      stop() {},
    };
  }

  const multi = new cliProgress.MultiBar(
    {
      format: '{member} {bar} {percentage}% | {stage} | {value}/{total} | {speed} steps/s | ETA {eta_text} | T {temp}',
      hideCursor: true,
      barsize: 20,
      clearOnComplete: false,
      stopOnComplete: false,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const width = { member: 0 };
  return {
    update(p) {
      width.member = Math.max(width.member, p.member.length);
      const payload = {
        member: p.member.padEnd(width.member), stage: p.phase === 'minimize' ? 'minimize' : p.stage.padEnd(6),
        speed: String(Math.round(p.rate)).padStart(5), eta_text: eta(p), temp: p.T.toFixed(3),
      };
      let bar = bars.get(p.member);
      if (!bar) {
        bar = multi.create(p.total, p.step, payload);
        bars.set(p.member, bar);
      }
      bar.update(p.step, payload);
    },
    finish(member, line) {
      const bar = bars.get(member);
      if (bar) {
        multi.remove(bar);
        bars.delete(member);
      }
      multi.log(line + '\n');
    },
    warn: (l) => multi.log(l + '\n'),
    info: (l) => multi.log(l + '\n'),
    stop: () => multi.stop(),
  };
}
