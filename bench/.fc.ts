import { readFileSync } from 'node:fs';
import { findCopies } from '../pipeline/analysis/copy-paste.ts';
const j = JSON.parse(readFileSync('/tmp/job.json', 'utf8'));
const job = { ...j, texts: { text: j.texts.text, ends: Int32Array.from(j.texts.ends) }, persons: Int32Array.from(j.persons), courses: Int32Array.from(j.courses), at: Float64Array.from(j.at), personIds: { text: j.personIds.text, ends: Int32Array.from(j.personIds.ends) } };
const xs: number[] = [];
for (let r = 0; r < 8; r++) { const c0 = process.cpuUsage(); findCopies(job); const c = process.cpuUsage(c0); xs.push((c.user + c.system) / 1000); }
xs.sort((a, b) => a - b); console.log('findCopies cpu min', xs[0].toFixed(0), 'median', xs[4].toFixed(0));
