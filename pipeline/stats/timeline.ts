/**
 * timeline.json: per day of the period, people qualified so far, active viewers, credited
 * watch hours, comments and attendance. Credited time arrives from the sweep, interval by
 * interval, and is split at Beijing midnights.
 */
import { dayOfInstant, formatDay, SECONDS_PER_DAY, startOfDay } from '../contract/calendar.ts';
import type { TimelineFile } from '../contract/outputs.ts';
import { SCHEMA_VERSION } from '../contract/outputs.ts';
import { round2 } from '../rules/person.ts';

export class DailyActivity {
  readonly seconds: Float64Array;
  readonly viewers: Int32Array;
  readonly comments: Int32Array;
  readonly attendance: Int32Array;
  readonly qualified: Int32Array;
  private readonly lastViewer: Int32Array;

  /** Days firstDay … lastDay inclusive. */
  constructor(readonly firstDay: number, readonly lastDay: number) {
    const n = Math.max(0, lastDay - firstDay + 1);
    this.seconds = new Float64Array(n);
    this.viewers = new Int32Array(n);
    this.comments = new Int32Array(n);
    this.attendance = new Int32Array(n);
    this.qualified = new Int32Array(n);
    this.lastViewer = new Int32Array(n).fill(-1);
  }

  private slot(day: number): number {
    return day >= this.firstDay && day <= this.lastDay ? day - this.firstDay : -1;
  }

  // The day the last credited piece ended in, as instants [dayFrom, dayTo): most pieces lie
  // within the previous one's day (two million calls at prefecture scale).
  private dayFrom = 0;
  private dayTo = 0;
  private day = 0;

  /** Credited seconds [from, to) of person `who`. */
  credit(who: number, from: number, to: number): void {
    let day = from >= this.dayFrom && from < this.dayTo ? this.day : dayOfInstant(from);
    let at = from;
    while (at < to) {
      const dayEnd = startOfDay(day + 1);
      const next = Math.min(to, dayEnd);
      const k = this.slot(day);
      if (k >= 0) {
        this.seconds[k] += next - at;
        if (this.lastViewer[k] !== who) { this.lastViewer[k] = who; this.viewers[k]++; }
      }
      this.day = day;
      this.dayFrom = dayEnd - SECONDS_PER_DAY;
      this.dayTo = dayEnd;
      at = next;
      day++;
    }
  }

  comment(at: number): void {
    const k = this.slot(dayOfInstant(at));
    if (k >= 0) this.comments[k]++;
  }

  attend(day: number): void {
    const k = this.slot(day);
    if (k >= 0) this.attendance[k]++;
  }

  /** A person qualified on `day` (counted on that day and every later one). */
  qualify(day: number): void {
    const k = this.slot(day);
    if (k >= 0) this.qualified[k]++;
  }

  timeline(): TimelineFile {
    const days: TimelineFile['days'] = [];
    let qualified = 0;
    for (let k = 0; k < this.seconds.length; k++) {
      qualified += this.qualified[k];
      days.push({
        date: formatDay(this.firstDay + k),
        qualified,
        activeViewers: this.viewers[k],
        creditedWatchHours: round2(this.seconds[k] / 3600),
        comments: this.comments[k],
        attendance: this.attendance[k],
      });
    }
    return { schemaVersion: SCHEMA_VERSION, days };
  }
}

