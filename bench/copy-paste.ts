/**
 * npx tsx bench/copy-paste.ts [--comments 200000] [--runs 3]
 *
 * The copy-paste rule (pipeline/analysis/copy-paste.ts) over as many comments as 20,000 people
 * write (≈ 200,000): the generator's comments, one in a hundred a copy of an earlier one with up
 * to a tenth of its characters edited. Prints the median time of copyClusters (normalising,
 * MinHash LSH, edit distances, clustering) and what it found.
 */
import { parseArgs } from 'node:util';
import { copyClusters, type CommentItem, normaliseComment } from '../pipeline/analysis/copy-paste.ts';
import { Random } from '../generate/random.ts';
import { COURSE_TOPICS, longComment } from '../generate/texts.ts';

const { values } = parseArgs({ options: { comments: { type: 'string', default: '200000' }, runs: { type: 'string', default: '3' } } });
const total = Number(values.comments), runs = Number(values.runs);
const rng = new Random(77);
const texts: string[] = [];
let copies = 0;
for (let i = 0; i < total; i++) {
  if (i > 100 && rng.chance(0.01)) {
    const chars = [...texts[rng.integer(0, i - 1)]];
    const edits = rng.integer(0, Math.floor(chars.length / 10));
    for (let e = 0; e < edits; e++) chars[rng.integer(0, chars.length - 1)] = '的';
    texts.push(chars.join('').replace(/，/g, ',').replace(/。/g, '!'));
    copies++;
  } else {
    texts.push(longComment(rng, rng.pick(COURSE_TOPICS)[1]));
  }
}
const times: number[] = [], cpu: number[] = [];
let found = 0, flagged = 0;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now(), c0 = process.cpuUsage();
  const items: CommentItem[] = [];
  texts.forEach((text, i) => {
    const normalised = normaliseComment(text);
    if ([...normalised].length >= 15) items.push({ person: i, at: i, tie: '', normalised });
  });
  const clusters = copyClusters(items, 0.8);
  times.push(performance.now() - t0);
  const c = process.cpuUsage(c0);
  cpu.push((c.user + c.system) / 1000);
  found = clusters.length;
  flagged = clusters.reduce((n, c) => n + c.copies.length, 0);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log(`copy-paste over ${total} comments (${copies} injected copies): median ${(times[Math.floor((runs - 1) / 2)] / 1000).toFixed(2)} s wall, ${(cpu[Math.floor((runs - 1) / 2)] / 1000).toFixed(2)} s CPU, of ${runs} runs [${times.map((t) => (t / 1000).toFixed(2)).join(', ')}]; ${found} clusters, ${flagged} comments flagged`);
