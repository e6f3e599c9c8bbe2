/**
 * 学习节律 (docs/analysis.md): when people study. Credited viewing arrives from the online sweep, interval
 * by interval (the same intervals the timeline sums), and is split at Beijing hour boundaries
 * into weekday × hour cells; per unit, the share earned in the last days before the window's
 * end or asOf (突击学习). Sums are kept in whole milliseconds, so the cells add up exactly.
 */
import { BEIJING_OFFSET_SECONDS, formatDay, startOfDay } from '../contract/calendar.ts';
import { SCHEMA_VERSION, type RhythmFile } from '../contract/outputs.ts';
import { ratioHalfUp } from '../rules/decimal.ts';

/** 突击学习 looks at this many days (docs/analysis.md: the last 3). */
export const CRAM_DAYS = 3;

/** Day 0 (1970-01-01) was a Thursday: weekday 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export class StudyRhythm {
  /** Milliseconds per weekday (0–6, Monday first) × hour. */
  private readonly cells = new Float64Array(7 * 24);
  private readonly unitMs: Float64Array;
  private readonly unitCramMs: Float64Array;
  private readonly cramFrom: number;
  private readonly cramTo: number;

  /** `lastDay`: the window's end or asOf, whichever is earlier; the cram days end with it. */
  constructor(units: number, private readonly lastDay: number) {
    this.unitMs = new Float64Array(units);
    this.unitCramMs = new Float64Array(units);
    this.cramFrom = startOfDay(lastDay - CRAM_DAYS + 1);
    this.cramTo = startOfDay(lastDay + 1);
  }

  /** Credited seconds [from, to) of a person of unit `unit`. */
  credit(unit: number, from: number, to: number): void {
    const ms = Math.round((to - from) * 1000);
    if (ms <= 0) return;
    this.unitMs[unit] += ms;
    const a = Math.max(from, this.cramFrom), b = Math.min(to, this.cramTo);
    if (b > a) this.unitCramMs[unit] += Math.round((b - a) * 1000);
    // Hour by hour (Beijing time): the piece's milliseconds split so that they add up to `ms`.
    let at = from, given = 0;
    while (given < ms) {
      const local = at + BEIJING_OFFSET_SECONDS;
      const hourStart = Math.floor(local / 3600);
      const next = Math.min(to, (hourStart + 1) * 3600 - BEIJING_OFFSET_SECONDS);
      const piece = next >= to ? ms - given : Math.min(ms - given, Math.round((next - from) * 1000) - given);
      const day = Math.floor(hourStart / 24);
      this.cells[(weekdayOf(day) - 1) * 24 + (hourStart - day * 24)] += piece;
      given += piece;
      at = next;
    }
  }

  file(periodId: string, asOf: number, unitIds: readonly string[]): RhythmFile {
    // Whole seconds per cell; the total is their sum, so the heatmap and the total agree exactly.
    const cells: RhythmFile['cells'] = [];
    let totalSeconds = 0;
    for (let w = 0; w < 7; w++) {
      for (let h = 0; h < 24; h++) {
        const seconds = Math.round(this.cells[w * 24 + h] / 1000);
        totalSeconds += seconds;
        cells.push({ weekday: w + 1, hour: h, seconds });
      }
    }
    let allMs = 0, allCramMs = 0;
    const units = unitIds.map((unitId, i) => {
      allMs += this.unitMs[i];
      allCramMs += this.unitCramMs[i];
      return { unitId, seconds: Math.round(this.unitMs[i] / 1000), cramSeconds: Math.round(this.unitCramMs[i] / 1000), cramShare: share(this.unitCramMs[i], this.unitMs[i]) };
    });
    return {
      schemaVersion: SCHEMA_VERSION, periodId, asOf: formatDay(asOf), totalSeconds, cells,
      cram: { days: CRAM_DAYS, from: formatDay(this.lastDay - CRAM_DAYS + 1), to: formatDay(this.lastDay), seconds: Math.round(allCramMs / 1000), share: share(allCramMs, allMs) },
      units,
    };
  }
}

// On whole seconds: milliseconds of a prefecture would overflow ratioHalfUp's exact integers.
const share = (partMs: number, wholeMs: number) => {
  const whole = Math.round(wholeMs / 1000);
  return whole > 0 ? ratioHalfUp(Math.min(whole, Math.round(partMs / 1000)), whole, 4) : 0;
};
