import { writeFileSync, readFileSync } from 'node:fs';
import { findCopies } from '../pipeline/analysis/copy-paste.ts';
import { IntegrityFinder } from '../pipeline/analysis/integrity.ts';
import { ingestDataset } from '../pipeline/ingest/dataset.ts';
if (process.argv[2] === 'save') {
  const { dataset: data } = await ingestDataset('/tmp/d20k', { parallelMinBytes: Infinity });
  const job = new IntegrityFinder(data).copyJob;
  writeFileSync('/tmp/job.json', JSON.stringify({ ...job, texts: { text: job.texts.text, ends: [...job.texts.ends] }, persons: [...job.persons], courses: [...job.courses], at: [...job.at], personIds: { text: job.personIds.text, ends: [...job.personIds.ends] } }));
} else {
  const j = JSON.parse(readFileSync('/tmp/job.json', 'utf8'));
  const job = { ...j, texts: { text: j.texts.text, ends: Int32Array.from(j.texts.ends) }, persons: Int32Array.from(j.persons), courses: Int32Array.from(j.courses), at: Float64Array.from(j.at), personIds: { text: j.personIds.text, ends: Int32Array.from(j.personIds.ends) } };
  for (let r = 0; r < 5; r++) { const t = performance.now(); const c0 = process.cpuUsage(); findCopies(job); const c = process.cpuUsage(c0); console.log((performance.now() - t).toFixed(0), 'ms wall', ((c.user + c.system) / 1000).toFixed(0), 'ms cpu'); }
}
