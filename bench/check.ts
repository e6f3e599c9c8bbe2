/**
 * Is the peer computing the same thing? Two checks, neither using pipeline code:
 * 1. a plain JS union of a few people's segments, read straight from views.csv, must equal
 *    DuckDB's seconds for them exactly;
 * 2. per person, DuckDB's union (no per-course cap) against the pipeline's creditedMinutes
 *    (capped per course at its duration): equal, below (caps bite) or above (an extension
 *    moves that person's range past the window's end).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface PeerCheck {
  /** People whose union was recomputed in JS, and how many of them DuckDB matched exactly. */
  sampled: string[];
  sampleMatches: number;
  peerPeople: number;
  peerTotalHours: number;
  pipelinePeople: number;
  pipelineCreditedHours: number;
  /** Per person with views: |union − credited| < 1 s, credited below, credited above. */
  equal: number;
  cappedBelow: number;
  above: number;
  /** People DuckDB found in views.csv but the pipeline does not list (not in the roster). */
  notInPipeline: number;
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Seconds of a naive "YYYY-MM-DD HH:mm:ss" (every time is +08:00, so the zone cancels out), or null. */
function seconds(text: string): number | null {
  const m = STAMP.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  return back.getUTCDate() === d && back.getUTCMonth() === mo - 1 ? t / 1000 : null;
}

/** Union seconds of each wanted person's valid segments inside [from, to), by a sort-and-sweep. */
async function referenceUnion(viewsFile: string, wanted: ReadonlySet<string>, from: number, to: number): Promise<Map<string, number>> {
  const segments = new Map<string, [number, number][]>();
  const lines = createInterface({ input: createReadStream(viewsFile, 'utf8'), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) { header = false; continue; }
    // The generator's views.csv: person_id,course_id,started_at,ended_at, no quoting needed.
    const [person, , startText, endText] = line.split(',');
    if (!wanted.has(person)) continue;
    const s = seconds(startText), e = seconds(endText);
    if (s === null || e === null || e <= s || e - s > 86_400) continue;
    const cs = Math.max(s, from), ce = Math.min(e, to);
    if (ce <= cs) continue;
    const list = segments.get(person) ?? [];
    list.push([cs, ce]);
    segments.set(person, list);
  }
  const union = new Map<string, number>();
  for (const [person, list] of segments) {
    list.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let total = 0, reach = -Infinity;
    for (const [s, e] of list) {
      if (e > reach) { total += e - Math.max(s, reach); reach = e; }
    }
    union.set(person, total);
  }
  return union;
}

export async function checkPeer(
  viewsFile: string, peerFile: string, peopleFile: string, window: { from: string; to: string },
): Promise<PeerCheck> {
  const peer = JSON.parse(readFileSync(peerFile, 'utf8')) as Record<string, number>;
  const ids = Object.keys(peer).sort();
  const sampled = [0, 0.25, 0.5, 0.75, 1].map((q) => ids[Math.round(q * (ids.length - 1))]).filter((id, i, all) => id !== undefined && all.indexOf(id) === i);
  const reference = await referenceUnion(viewsFile, new Set(sampled), seconds(window.from) as number, seconds(window.to) as number);
  const sampleMatches = sampled.filter((id) => (reference.get(id) ?? 0) === peer[id]).length;

  const people = (JSON.parse(readFileSync(peopleFile, 'utf8')) as { people: { personId: string; online: { creditedMinutes: number } }[] }).people;
  const credited = new Map(people.map((p) => [p.personId, p.online.creditedMinutes * 60]));
  let equal = 0, cappedBelow = 0, above = 0, notInPipeline = 0, pipelineSeconds = 0;
  for (const id of ids) {
    const c = credited.get(id);
    if (c === undefined) { notInPipeline++; continue; }
    if (Math.abs(c - peer[id]) < 1) equal++;
    else if (c < peer[id]) cappedBelow++;
    else above++;
  }
  for (const c of credited.values()) pipelineSeconds += c;
  return {
    sampled, sampleMatches,
    peerPeople: ids.length,
    peerTotalHours: ids.reduce((sum, id) => sum + peer[id], 0) / 3600,
    pipelinePeople: people.length,
    pipelineCreditedHours: pipelineSeconds / 3600,
    equal, cappedBelow, above, notInPipeline,
  };
}
