/**
 * docs/gate.md `truncated`, where no file of the drop ends with a line break (an exporter that
 * never writes one, so line-endings.ts has nothing to compare): comments.csv without a final
 * line break, cut inside its last column (评论内容), reads as complete and only its lost rows
 * tell. A cut loses the file's tail — and where the rows are in an order, the tail is a known
 * part of the drop: in person order, everyone after the last row's person; in time order, every
 * comment after (or, newest first, before) the last row's time. A complete export in that order
 * has next to nobody there who is active in views.csv; many people watching there for a week or
 * more without one comment, or much of the viewing after the last comment, is the lost tail.
 * Files in no order (or another: by unit, by name) are not judged.
 */
import { formatInstant, SECONDS_PER_DAY } from '../contract/calendar.ts';
import type { ViewTable } from '../contract/model.ts';
import type { QualityTally } from './quality-tally.ts';

/** The order of a file's accepted rows, followed row by row (person: interned index, in id order). */
export class RowOrder {
  rows = 0;
  byPerson = true;
  oldestFirst = true;
  newestFirst = true;
  lastPerson = -1;
  lastAt = NaN;

  see(person: number, at: number): void {
    if (this.rows > 0) {
      if (person < this.lastPerson) this.byPerson = false;
      if (at < this.lastAt) this.oldestFirst = false;
      if (at > this.lastAt) this.newestFirst = false;
    }
    this.rows++;
    this.lastPerson = person;
    this.lastAt = at;
  }
}

/** Below this many rows an order says little. */
export const MIN_ORDERED_ROWS = 50;
/** The lost tail must hold at least this many people or views … */
export const MIN_TAIL = 20;
/** … and at least this share of those active in views.csv (1 in 20). */
export const TAIL_SHARE = 0.05;
/** People after the last row count only if they have been watching this long (a batch just registered has not commented yet). */
export const WATCHING_DAYS = 7;

/** What the order shows lost, in words, or null when the file looks whole in its order. */
export function lostTail(order: RowOrder, views: ViewTable): string | null {
  if (order.rows < MIN_ORDERED_ROWS) return null;
  const people = views.offsets.length - 1;
  const segments = views.start.length;
  if (segments === 0) return null;
  const enough = (n: number, of: number) => n >= MIN_TAIL && n >= TAIL_SHARE * of;
  if (order.byPerson) {
    let latest = -Infinity;
    for (let k = 0; k < segments; k++) if (views.end[k] > latest) latest = views.end[k];
    let viewers = 0, after = 0;
    for (let i = 0; i < people; i++) {
      const from = views.offsets[i], to = views.offsets[i + 1];
      if (to === from) continue;
      viewers++;
      if (i <= order.lastPerson) continue;
      let first = Infinity;
      for (let k = from; k < to; k++) if (views.start[k] < first) first = views.start[k];
      if (latest - first >= WATCHING_DAYS * SECONDS_PER_DAY) after++;
    }
    if (enough(after, viewers)) {
      return `该文件按人员编号排列，而最后一行之后的 ${after} 人（占有观看记录者 ${viewers} 人的 ${percent(after, viewers)}）已观看 ${WATCHING_DAYS} 天以上，却没有一条评论`;
    }
  }
  if (order.oldestFirst || order.newestFirst) {
    let n = 0;
    for (let k = 0; k < segments; k++) if (order.oldestFirst ? views.start[k] > order.lastAt : views.end[k] < order.lastAt) n++;
    if (enough(n, segments)) {
      const side = order.oldestFirst ? '之后' : '之前';
      return `该文件按评论时间${order.oldestFirst ? '从早到晚' : '从晚到早'}排列，最后一行的时间是 ${formatInstant(order.lastAt)}，而观看记录中有 ${n} 条（${percent(n, segments)}）在此${side}，这段时间里却没有一条评论`;
    }
  }
  return null;
}

const percent = (n: number, of: number) => `${Math.round((n * 1000) / of) / 10}%`;

/** `truncated`: comments.csv without a final line break (`unterminated`), its order showing a lost tail. */
export function blockCutTail(qualityTally: QualityTally, file: string, unterminated: boolean, order: RowOrder, views: ViewTable): void {
  if (!unterminated || qualityTally.blocking.some((b) => b.code === 'truncated' && b.file === file)) return;
  const lost = lostTail(order, views);
  if (lost === null) return;
  qualityTally.block('truncated', file,
    `${file} 的末尾没有换行，很可能是下载或复制中断了：${lost}。最后一行的最后一列（评论内容）可能只剩一部分，看起来完整，但其后的行都没有读到。` +
    '请从平台重新下载完整的文件后重新运行；若确认文件完整，请核对这些人是否确实没有评论');
}
