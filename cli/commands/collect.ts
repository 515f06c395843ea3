import { existsSync, statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../../sim/errors.js';
import { findMembers, formatTable, sortRows, tableRow, writeTable } from '../../analysis/sweep/table.js';
import type { MemberSummary } from '../../analysis/sweep/member.js';

export const collectCommand = {
  builder: (y: Argv) =>
    y
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'run directory of a sweep (its output:)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the table (a list of members) as JSON on stdout' })
      .example('$0 collect runs/ka-cooling-sweep', ''),
  handler: (argv: { runDir: string; json: boolean }) => {
    const dir = argv.runDir;
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError(`collect: ${dir} is not a directory`);
    const { summaries, unfinished } = findMembers(dir);
    if (summaries.length === 0 && unfinished.length === 0) throw new InputError(`collect: ${dir} holds no sweep members (no */summary.json or */config.yaml)`);
    if (unfinished.length > 0) {
      process.stderr.write(`betascape: warning: ${unfinished.length} member(s) not finished: ${unfinished.join(', ')}\n`);
    }
    const rows = sortRows(summaries.map(tableRow));
    const [csv, json] = writeTable(dir, rows);
    if (argv.json) console.log(JSON.stringify(rows));
    else {
      console.log(formatTable(rows));
      console.log(`\n${unitsLine(summaries)}`);
      console.log(`table: ${csv}, ${json}`);
    }
  },
};

/** What the table's numbers are in (each member's summary states its units). */
function unitsLine(summaries: MemberSummary[]): string {
  const seen = new Map<string, MemberSummary>();
  for (const s of summaries) if (!seen.has(s.units)) seen.set(s.units, s);
  return [...seen.values()]
    .map((s) => {
      const L = s.unit_labels;
      return L
        ? `units ${s.units}: rate ${L.temperature}/${L.time}, Tg ${L.temperature}, energies ${L.energy} per atom, density ${L.density}`
        : `units ${s.units}`;
    })
    .join('; ');
}
