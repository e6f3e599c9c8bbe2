/** The video courseware of the period: 8–12 courses of 20–60 minutes, two or three optional. */
import type { Random } from './random.ts';
import { PLENUM_THEME, type Theme } from './texts.ts';

export interface Course {
  readonly index: number;
  readonly id: string;
  readonly title: string;
  /** Short name people use in comments. */
  readonly short: string;
  readonly durationMin: number;
  readonly required: boolean;
}

export function buildCourses(rng: Random, theme: Theme = PLENUM_THEME): Course[] {
  const topics = rng.sample(theme.courses, rng.integer(8, 12));
  // Optional courses are the supplementary ones at the end of the list, as the platform orders them.
  const optional = new Set(rng.sample(topics.map((_, i) => i).slice(Math.floor(topics.length / 2)), rng.integer(2, 3)));
  return topics.map(([title, short], index) => ({
    index, id: `KJ${String(index + 1).padStart(2, '0')}`, title, short,
    durationMin: rng.integer(20, 60), required: !optional.has(index),
  }));
}
