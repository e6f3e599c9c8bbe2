/**
 * A full garbage collection at the few moments a big run's largest things have just died: the
 * decoded text of comments.csv once duplicates are found (ingest/dataset.ts), each
 * column of the views parts once it is moved into the table (ingest/views.ts), and the whole
 * ingest data (the views table, every person's records: 1.2 GB at 200,000 people) once the
 * outputs are computed, before they are serialised twice (the history store, the output
 * folder). Left to itself V8 collects the old generation late: the dead typed arrays stayed
 * resident, and the run's peak came in the table's building and again in the writing. Small
 * runs (a process under RELEASE_ABOVE) never pay for it.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const RELEASE_ABOVE = 512 * 1024 * 1024;

let collect: (() => void) | null | undefined;

export function releaseDeadMemory(): void {
  const m = process.memoryUsage();
  if (m.heapTotal + m.arrayBuffers < RELEASE_ABOVE) return;
  if (collect === undefined) {
    // `gc` is exposed to contexts created after the flag is set (as test runners obtain it).
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
