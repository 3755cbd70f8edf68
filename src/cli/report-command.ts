// nghe report: the week's most pressing issues of an area, printed, written as PDF and CSV,
// archived; and weekly schedules that generate and mail them.
import type { Command } from 'commander';
import { isClockTime, isTimeZone } from '../alerts/local-time.js';
import { reportDepsFor } from '../reports/report-jobs.js';
import { archive, generateWeekly } from '../reports/report-service.js';
import type { ReportArea, ReportConfig } from '../reports/report-types.js';
import { AreaError, resolveArea } from '../reports/weekly/weekly-area.js';
import type { WeeklyReport } from '../reports/weekly/weekly-report.js';
import { nextWeeklyRun } from '../reports/zoned-time.js';
import { CliError } from './cli-error.js';
import { writeReportFiles } from './report-output.js';
import { withStore } from './with-app.js';

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** --area names a province or ward (or nothing with --sectors): the level is the place's. */
export function areaOf(place: string | undefined, sectors: string | undefined): ReportArea {
  const ids = list(sectors);
  let area: ReportArea;
  if (!place) area = { level: 'sectors', sectors: ids };
  else {
    const level = /^\d{2}$/.test(place.trim()) ? 'province' : 'ward';
    area = { level, place, ...(ids.length ? { sectors: ids } : {}) };
    // A province named by name: try it as a province first.
    try {
      resolveArea({ ...area, level: 'province' });
      area.level = 'province';
    } catch {
      // not a province: a ward (or a former district, read as its wards)
    }
  }
  try {
    resolveArea(area);
  } catch (error) {
    if (error instanceof AreaError) throw new CliError(error.message, 2);
    throw error;
  }
  return area;
}

function printWeekly(r: WeeklyReport): void {
  console.log(
    `${r.area.label}, week ${r.week} (${r.firstDay} – ${r.lastDay}): ${r.issues.length} issues of ${r.candidates} candidates`,
  );
  for (const i of r.issues) {
    const neg = i.sentiment.shares
      ? `${Math.round(i.sentiment.shares.negative * 100)} % negative`
      : 'negative share —';
    console.log(
      `${String(i.rank).padStart(2)}. ${i.title}\n    score ${i.factors.score.toFixed(1)} = ${i.factors.authors} authors × ${(i.factors.negativeShare * 100).toFixed(1)} % × growth ${i.factors.growth.toFixed(2)}; ${neg}; ${i.mentions} mentions (${i.originals} original)`,
    );
  }
  const c = r.coverage;
  console.log(
    `coverage: ${c.sources.length} sources, ${c.platforms.map((p) => `${p.platform} ${p.mentions}`).join(', ') || 'no platform'}; ${c.problems.length} failing, ${c.gaps.length} gaps of ${c.gapHours}+ hours`,
  );
}

export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description("reports: the week's most pressing issues of an area");
  report
    .command('weekly')
    .description("the week's most pressing issues of a province, ward or department's sectors")
    .option(
      '--area <place>',
      'province or ward (name, alias or code), e.g. TP.HCM, "phường Bến Nghé"',
    )
    .option('--sectors <ids>', "sector ids, comma-separated (a department's sectors)")
    .option('--week <week>', 'ISO week, e.g. 2025-W36 (default: last complete week)')
    .option('--tz <zone>', 'time zone of days and weeks', 'Asia/Ho_Chi_Minh')
    .option('--lang <lang>', 'PDF language: vi or en', 'vi')
    .option('--pdf <file>', 'write the PDF here')
    .option('--csv <dir>', 'write figures.csv, mentions.csv and report.json here')
    .option('--json', 'print JSON')
    .action(
      async (options: {
        area?: string;
        sectors?: string;
        week?: string;
        tz: string;
        lang: string;
        pdf?: string;
        csv?: string;
        json?: boolean;
      }) => {
        if (!options.area && !options.sectors)
          throw new CliError('give --area, --sectors or both', 2);
        if (!isTimeZone(options.tz)) throw new CliError(`unknown time zone: ${options.tz}`, 2);
        if (options.lang !== 'vi' && options.lang !== 'en')
          throw new CliError('--lang is vi or en', 2);
        const area = areaOf(options.area, options.sectors);
        await withStore(async (store) => {
          const deps = reportDepsFor(store)!;
          let generated: Awaited<ReturnType<typeof generateWeekly>>;
          try {
            generated = await generateWeekly(deps, area, {
              week: options.week,
              timeZone: options.tz,
              language: options.lang as 'vi' | 'en',
            });
          } catch (error) {
            if (error instanceof RangeError) throw new CliError(error.message, 2);
            throw error;
          }
          const archived = await archive(deps, generated, null);
          const written = writeReportFiles(generated, options);
          if (options.json)
            console.log(JSON.stringify({ id: archived.id, ...generated.body }, null, 2));
          else {
            printWeekly(generated.body as WeeklyReport);
            console.log(`archived as report #${archived.id}`);
          }
          for (const file of written) console.error(`wrote ${file}`);
        });
      },
    );
  report
    .command('schedule')
    .description('generate a weekly report on a schedule (default Monday 07:00) and e-mail its PDF')
    .option('--area <place>', 'province or ward')
    .option('--sectors <ids>', 'sector ids, comma-separated')
    .option('--policy <id>', 'a policy assessment instead of a weekly report')
    .requiredOption('--email <addresses>', 'recipients, comma-separated')
    .option('--name <name>', 'a name for the schedule')
    .option('--weekday <n>', 'ISO weekday, 1 = Monday', '1')
    .option('--time <HH:MM>', 'local time', '07:00')
    .option('--tz <zone>', 'time zone', 'Asia/Ho_Chi_Minh')
    .action(
      async (options: {
        area?: string;
        sectors?: string;
        policy?: string;
        email: string;
        name?: string;
        weekday: string;
        time: string;
        tz: string;
      }) => {
        const weekday = Number(options.weekday);
        if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7)
          throw new CliError('--weekday is 1 (Monday) to 7', 2);
        if (!isClockTime(options.time)) throw new CliError(`--time is HH:MM: ${options.time}`, 2);
        if (!isTimeZone(options.tz)) throw new CliError(`unknown time zone: ${options.tz}`, 2);
        const recipients = list(options.email);
        if (recipients.some((r) => !/^[^@\s]+@[^@\s]+$/.test(r)))
          throw new CliError(`not an e-mail address in --email: ${options.email}`, 2);
        const schedule = { weekday, time: options.time, timeZone: options.tz };
        await withStore(async (store) => {
          const deps = reportDepsFor(store)!;
          let config: ReportConfig;
          if (options.policy) {
            const policy = await deps.reports.getPolicy(Number(options.policy));
            if (!policy) throw new CliError(`no policy #${options.policy}`);
            config = await deps.reports.createConfig(
              {
                name: options.name ?? policy.name,
                kind: 'policy',
                policyId: policy.id,
                schedule,
                recipients,
              },
              nextWeeklyRun(new Date(), schedule).toISOString(),
            );
          } else {
            if (!options.area && !options.sectors)
              throw new CliError('give --area, --sectors or --policy', 2);
            const area = areaOf(options.area, options.sectors);
            config = await deps.reports.createConfig(
              {
                name: options.name ?? resolveArea(area).label,
                kind: 'weekly',
                area,
                schedule,
                recipients,
              },
              nextWeeklyRun(new Date(), schedule).toISOString(),
            );
          }
          console.log(
            `report schedule #${config.id} "${config.name}": next run ${config.nextRunAt}, to ${recipients.join(', ')}`,
          );
        });
      },
    );
  report
    .command('list')
    .description('archived reports, newest first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withStore(async (store) => {
        const reports = await reportDepsFor(store)!.reports.listReports({ limit: 100 });
        if (options.json) console.log(JSON.stringify(reports, null, 2));
        else
          for (const r of reports)
            console.log(
              `#${r.id}  ${r.kind}  ${r.generatedAt.slice(0, 16)}  ${r.title}${r.mailedTo.length ? `  mailed to ${r.mailedTo.length}` : ''}${r.mailError ? `  mail failed: ${r.mailError}` : ''}`,
            );
      });
    });
}
