/**
 * A data root of successive drops (docs/drops.md): the year's first period (the sample's, 2020-01)
 * exported on several days, and the next period of the year (2020-02, second quarter) on one or
 * more days. Each drop is a dataset folder whose period.json gives its asOf; the drops of a
 * period are true snapshots of one played-out world (dataset.ts `Cut`): a later drop holds
 * every row of an earlier one, plus what happened since.
 *
 * The second period's people are the first period's, after a quarter of turnover (population.ts
 * `nextPopulation`): most stay, some left, moved unit or joined the party, some are new — the
 * cases the year's ledger must follow.
 */
import { parseDay } from '../pipeline/contract/calendar.ts';
import type { Period } from '../pipeline/contract/period.ts';
import { firstWorld, type GenerateOptions, type GenerateSummary, laterWorld, type World, writeDrop } from './dataset.ts';
import type { OpenOutput } from './output.ts';
import type { Turnover } from './population.ts';
import { SAMPLE_PERIOD, SECOND_QUARTER_PERIOD } from './sample-period.ts';
import { RECOVERY_THEME } from './texts.ts';

/** One drop to write: its asOf, and its folder below the root (default `<period id>/<asOf>`). */
export interface DropSpec {
  readonly asOf: string;
  readonly folder?: string;
}

export interface RootPlan {
  /** Drops of the first period (2020-01), asOf from its window's start to 2020-02-24. */
  readonly first: readonly DropSpec[];
  /** Drops of the second period (2020-02), asOf from its window's start to 2020-05-25; may be empty. */
  readonly second: readonly DropSpec[];
}

export interface WrittenDrop {
  readonly folder: string;
  readonly periodId: string;
  readonly asOf: string;
  readonly rows: GenerateSummary;
}

/** The periods a root holds, in order, with how each one's world is made. */
const PERIODS: readonly Period[] = [SAMPLE_PERIOD, SECOND_QUARTER_PERIOD];

/**
 * Writes every drop of `plan`, period by period and in asOf order, each through `openDrop(folder)`.
 * A drop on the period's own asOf (2020-02-24 for the first) is its world uncut: the sample.
 */
export function generateRoot(options: GenerateOptions, plan: RootPlan, openDrop: (folder: string) => OpenOutput): WrittenDrop[] {
  const specs = [checkDrops(PERIODS[0], plan.first), checkDrops(PERIODS[1], plan.second)];
  if (specs[0].length === 0) throw new Error(`the first period (${PERIODS[0].id}) needs at least one drop`);
  const folders = specs.flat().map((d) => d.folder);
  const twice = folders.find((f, i) => folders.indexOf(f) !== i);
  if (twice !== undefined) throw new Error(`two drops would be written to the same folder ${twice}`);
  const written: WrittenDrop[] = [];
  specs.forEach((drops, ordinal) => {
    for (const drop of drops) {
      // Writers draw as they write, so each drop starts from a freshly built (identical) world.
      const world = worldOf(options, ordinal);
      const horizon = parseDay(world.period.asOf as string) as number;
      const cut = drop.day === horizon ? null : { asOf: drop.day };
      written.push({ folder: drop.folder, periodId: world.period.id, asOf: drop.asOf, rows: writeDrop(world, cut, openDrop(drop.folder)) });
    }
  });
  return written;
}

/** How the second period's roster differs from the first's (for tests and the CLI's summary). */
export function turnoverOf(options: GenerateOptions): Turnover {
  return worldOf(options, 1).turnover as Turnover;
}

function worldOf(options: GenerateOptions, ordinal: number): World {
  const first = firstWorld(options);
  return ordinal === 0 ? first : laterWorld(options, first, PERIODS[1], RECOVERY_THEME, 1);
}

function checkDrops(period: Period, drops: readonly DropSpec[]): { asOf: string; day: number; folder: string }[] {
  const from = parseDay(period.window.start) as number;
  const horizon = parseDay(period.asOf as string) as number;
  const checked = drops.map((d) => {
    const day = /^\d{4}-\d{2}-\d{2}$/.test(d.asOf) ? parseDay(d.asOf) : null;
    if (typeof day !== 'number') throw new Error(`drop asOf ${d.asOf} is not a day YYYY-MM-DD`);
    if (day < from || day > horizon) {
      throw new Error(`drop asOf ${d.asOf} is outside period ${period.id} (${period.window.start} … ${period.asOf})`);
    }
    const folder = d.folder ?? `${period.id}/${d.asOf}`;
    if (folder.split('/').some((part) => part === '' || part === '.' || part === '..') || folder.split('/').length > 3) {
      throw new Error(`drop folder ${folder} must be a relative path of at most 3 folders`);
    }
    return { asOf: d.asOf, day, folder };
  });
  const days = checked.map((d) => d.day);
  const again = checked.find((d, i) => days.indexOf(d.day) !== i);
  if (again) throw new Error(`period ${period.id} has two drops on ${again.asOf}`);
  return checked.sort((a, b) => a.day - b.day);
}
