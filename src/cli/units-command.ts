// nghe units: the organisation's tree of units with their places, sectors and functions.
import type { Command } from 'commander';
import { canonicalPlace, checkSector, isUnitKind, UNIT_KINDS } from '../identity/units.js';
import { loadGazetteer } from '../places/index.js';
import { CliError } from './cli-error.js';
import { auditCli, withIdentity } from './identity-cli.js';
import { parseId } from './topics-command.js';

const list = (text: string | undefined, separator: string) =>
  (text ?? '')
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s !== '');

function checked<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export function registerUnitsCommand(program: Command): void {
  const units = program.command('units').description('the organisation’s units');

  units
    .command('add')
    .description('add a unit under another, with its places, sectors and functions')
    .requiredOption('--name <name>', 'e.g. "Sở Xây dựng" or "Phường Bến Thành"')
    .requiredOption('--kind <kind>', UNIT_KINDS.filter((k) => k !== 'organisation').join(' | '))
    .option('--parent <id>', 'the unit above it (default: the organisation)')
    .option(
      '--places <codes>',
      'gazetteer codes, comma-separated: province:79,ward:25747,district:769',
    )
    .option('--sectors <ids>', 'sector ids, comma-separated: flooding,traffic')
    .option('--functions <list>', 'purposes its topics may cite, separated by ;')
    .action(
      async (options: {
        name: string;
        kind: string;
        parent?: string;
        places?: string;
        sectors?: string;
        functions?: string;
      }) => {
        if (!isUnitKind(options.kind) || options.kind === 'organisation') {
          throw new CliError(
            `--kind: one of ${UNIT_KINDS.filter((k) => k !== 'organisation').join(', ')}`,
          );
        }
        const kind = options.kind;
        const gazetteer = loadGazetteer();
        const places = checked(() =>
          list(options.places, ',').map((p) => canonicalPlace(p, gazetteer)),
        );
        const sectors = checked(() => list(options.sectors, ',').map(checkSector));
        await withIdentity(async (identity, store) => {
          const parentId = options.parent
            ? parseId(options.parent, 'unit id')
            : (await identity.rootUnit()).id;
          if (!(await identity.getUnit(parentId))) {
            throw new CliError(`--parent: no unit ${parentId}`);
          }
          if (
            (await identity.listUnits()).some(
              (u) => u.parentId === parentId && u.name === options.name,
            )
          ) {
            throw new CliError(`a unit named ${options.name} already exists there`);
          }
          const unit = await identity.createUnit({
            parentId,
            kind,
            name: options.name.trim(),
            places,
            sectors,
            functions: list(options.functions, ';'),
          });
          await auditCli(store, 'createUnit', { unit: unit.id, name: unit.name, kind });
          console.log(`added unit #${unit.id} ${unit.name} (${unit.kind}) under #${parentId}`);
        });
      },
    );

  units
    .command('list')
    .description('the unit tree with places, sectors and functions')
    .option('--json', 'JSON Lines')
    .action(async (options: { json?: boolean }) => {
      await withIdentity(async (identity) => {
        const all = await identity.listUnits();
        const print = (parentId: number | null, depth: number) => {
          for (const u of all.filter((x) => x.parentId === parentId)) {
            if (options.json) console.log(JSON.stringify(u));
            else {
              const scope = [u.places.join(','), u.sectors.join(','), u.functions.join('; ')]
                .map((s) => s || '-')
                .join('\t');
              console.log(`${'  '.repeat(depth)}#${u.id}\t${u.name}\t${u.kind}\t${scope}`);
            }
            print(u.id, depth + 1);
          }
        };
        print(null, 0);
      });
    });
}
