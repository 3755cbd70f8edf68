// nghe policy: policies whose public reception is assessed before and after promulgation.
import type { Command } from 'commander';
import { runBackfill } from '../jobs/backfill.js';
import type { PolicyAssessment } from '../reports/policy/assess-policy.js';
import { addPolicy, PolicyInputError } from '../reports/policy/policy-input.js';
import { reportDepsFor } from '../reports/report-jobs.js';
import { archive, generatePolicy } from '../reports/report-service.js';
import type { Policy } from '../reports/report-types.js';
import { CliError } from './cli-error.js';
import { writeReportFiles } from './report-output.js';
import { withStore } from './with-app.js';

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)} %`;

function printAssessment(a: PolicyAssessment): void {
  console.log(`${a.policy.name} (promulgated ${a.policy.promulgatedOn})`);
  for (const [name, w] of [
    ['before', a.before],
    ['after', a.after],
  ] as const) {
    const s = w.sentiment;
    console.log(
      `  ${name}: ${w.firstDay} – ${w.lastDay} (${w.completeDays}/${w.days} days), ${w.mentions} mentions, ${w.distinctAuthors} authors, negative ${w.suppressed ? 'withheld' : `${pct(s?.shares?.negative)} (${pct(s?.intervals?.negative[0])}–${pct(s?.intervals?.negative[1])})`}`,
    );
  }
  const v = a.volume;
  console.log(
    `  volume: ×${v.rateRatio?.toFixed(2) ?? '—'}, p = ${v.pValue?.toFixed(4) ?? '—'} (${v.significant ? 'significant' : 'not significant'} at ${v.alpha})`,
  );
  const n = a.negativeShare;
  console.log(
    `  negative share: ${n.difference === null ? 'not tested (too few posts)' : `${n.difference >= 0 ? '+' : ''}${(n.difference * 100).toFixed(1)} points, p = ${n.pValue!.toFixed(4)} (${n.significant ? 'significant' : 'not significant'} at ${n.alpha})`}`,
  );
  console.log(
    `  against: ${
      a.against.terms
        .map((t) => t.term)
        .slice(0, 6)
        .join(', ') || '—'
    }`,
  );
  console.log(
    `  for: ${
      a.support.terms
        .map((t) => t.term)
        .slice(0, 6)
        .join(', ') || '—'
    }`,
  );
}

export function registerPolicyCommand(program: Command): void {
  const policy = program.command('policy').description('policies and how the public received them');
  policy
    .command('add')
    .description('add a policy and tag the mentions already stored')
    .requiredOption('--name <name>', 'the policy')
    .requiredOption('--query <query>', 'the mentions that concern it (query language)')
    .requiredOption('--date <YYYY-MM-DD>', 'promulgation day')
    .option('--places <places>', 'place names or codes, comma-separated')
    .option('--sectors <ids>', 'sector ids, comma-separated')
    .option('--days-before <n>', 'days in the window before', '14')
    .option('--days-after <n>', 'days in the window after', '14')
    .action(
      async (o: {
        name: string;
        query: string;
        date: string;
        places?: string;
        sectors?: string;
        daysBefore: string;
        daysAfter: string;
      }) => {
        await withStore(async (store) => {
          const deps = reportDepsFor(store)!;
          let added: Policy;
          try {
            added = await addPolicy(store, deps.reports, {
              name: o.name,
              query: o.query,
              promulgatedOn: o.date,
              places: list(o.places),
              sectors: list(o.sectors),
              daysBefore: Number(o.daysBefore),
              daysAfter: Number(o.daysAfter),
            });
          } catch (error) {
            if (error instanceof PolicyInputError) throw new CliError(error.message, 2);
            throw error;
          }
          const progress = await runBackfill(store, added.topicId!, { reset: false });
          console.log(
            `policy #${added.id} "${added.name}": ${progress.matched} mentions tagged so far`,
          );
        });
      },
    );
  policy
    .command('list')
    .description('policies')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withStore(async (store) => {
        const policies = await reportDepsFor(store)!.reports.listPolicies();
        if (o.json) console.log(JSON.stringify(policies, null, 2));
        else
          for (const p of policies)
            console.log(`#${p.id}  ${p.promulgatedOn}  ${p.name}  ${p.query}`);
      });
    });
  policy
    .command('assess <id>')
    .description('assess its reception before and after promulgation (re-run as data arrives)')
    .option('--lang <lang>', 'PDF language: vi or en', 'vi')
    .option('--pdf <file>', 'write the PDF here')
    .option('--csv <dir>', 'write figures.csv, mentions.csv and report.json here')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { lang: string; pdf?: string; csv?: string; json?: boolean }) => {
      if (!/^\d+$/.test(id)) throw new CliError(`not a policy id: ${id}`, 2);
      await withStore(async (store) => {
        const deps = reportDepsFor(store)!;
        if (!(await deps.reports.getPolicy(Number(id)))) throw new CliError(`no policy #${id}`);
        const generated = await generatePolicy(deps, Number(id), o.lang === 'en' ? 'en' : 'vi');
        const archived = await archive(deps, generated, null);
        const written = writeReportFiles(generated, o);
        if (o.json) console.log(JSON.stringify({ id: archived.id, ...generated.body }, null, 2));
        else printAssessment(generated.body as PolicyAssessment);
        for (const file of written) console.error(`wrote ${file}`);
      });
    });
}
