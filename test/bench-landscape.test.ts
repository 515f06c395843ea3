/**
 * The landscape section of the bench (`npm run bench -- --landscape`, test/bench/landscape-bench.ts):
 * its table has one aligned row per glass with every column filled, a dash where no saddle was
 * found, and a summary line per glass. The timings themselves belong to the bench, not to tests.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agreementLine, landscapeTable, type LandscapeResult } from './bench/landscape-bench.js';

function result(model: LandscapeResult['model'], saddles: number): LandscapeResult {
  const minimization = (method: 'lbfgs' | 'cg', per_s: number) => ({ method, runs: 4, mean_force_evaluations: 300.4, per_s, per_cpu_s: per_s });
  return {
    model, climb: 'reference', N: 2000, glass: 'a test glass', e_is_per_atom: -7.5, quench_s: 10, minimizations: [minimization('lbfgs', 1.5), minimization('cg', 1.1)],
    events: 6, saddles, ok: saddles, success_fraction: saddles / 6, evaluations_per_event: 4000, evaluations_per_saddle: saddles ? 24000 / saddles : NaN,
    phase_per_event: { push: 300, climb: 3200, release: 0, descent: 500 }, seconds_per_event: 6, cpu_seconds_per_event: 6,
    events_per_cpu_hour: 600, saddles_per_cpu_hour: saddles * 100, barrier_quartiles: saddles ? [0.1, 0.25, 1.5] : null,
    vineyard: { region_atoms: saddles ? 321.4 : NaN, cpu_seconds_per_ok_event: saddles ? 1.734 : NaN }, events_per_cpu_hour_with_vineyard: saddles ? 480 : 600,
  };
}

test('the landscape table: a header, a rule, one aligned row per glass, then one summary per glass', () => {
  const lines = landscapeTable([result('ka', 3), result('cu64zr36', 0)]);
  assert.is(lines.length, 6);
  const columns = lines[0].split(/ {2,}/);
  assert.ok(columns.includes('evals/event') && columns.includes('events/CPU-h') && columns.includes('L-BFGS min/s'));
  const ka = lines[2].split(/ {2,}/), cuzr = lines[3].split(/ {2,}/);
  assert.is(ka.length, columns.length);
  assert.is(cuzr.length, columns.length);
  assert.is(ka[columns.indexOf('evals/saddle')], '8000');
  assert.is(cuzr[columns.indexOf('evals/saddle')], '-');
  assert.equal([ka[columns.indexOf('ν0 region')], ka[columns.indexOf('ν0 CPU s/ok')], ka[columns.indexOf('events/CPU-h with ν0')]], ['321', '1.73', '480']);
  assert.equal([cuzr[columns.indexOf('ν0 region')], cuzr[columns.indexOf('ν0 CPU s/ok')]], ['-', '-']);
  assert.is(ka[columns.indexOf('push/climb/release/descent')], '300/3200/0/500');
  assert.is(lines[2].indexOf('4000'), lines[0].indexOf('evals/event'));
  assert.is(ka[columns.indexOf('climb')], 'reference');
  assert.match(lines[4], /^ka \(reference\): a test glass; success 3\/6 events \(50 %\), 300 saddles\/CPU-h, barriers Q1\/median\/Q3 0.100\/0.250\/1.50$/);
  assert.match(lines[5], /^cu64zr36 \(reference\): a test glass; success 0\/6 events \(0 %\), 0 saddles\/CPU-h$/);
});

test('the agreement line: every category of the seed-by-seed comparison, with the energy spread of the matches', () => {
  const line = agreementLine('ka', 'reference', 'every 4', {
    identical: 3, close: 1, different: 2, only_first: 1, only_second: 0, neither: 5, max_identical_energy_difference: 2e-9, max_close_energy_difference: NaN,
  });
  assert.is(line, 'ka, reference vs every 4: identical 3 (|ΔE| <= 2.0e-9), close 1, different 2, only reference 1, only every 4 0, neither 5');
});

test.run();
