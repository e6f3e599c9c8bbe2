/**
 * npx tsx bench/gate-cost.ts DATASET [runs]
 *
 * What the publish gate's invariants (docs/gate.md, pipeline/gate/) cost inside the pipeline: the
 * witnesses and per-unit tallies taken in the per-person loop, the invariant rules, and the
 * comparisons with a previous drop (here the drop against itself), timed alone over the same
 * people the pipeline evaluates — against the whole pipeline (computeOutputs) on the dataset.
 * CPU time (process.cpuUsage), medians: the machine is shared, and wall time swings with its load.
 */
import { computeOutputs } from '../pipeline/run.ts';
import { ingestDataset } from '../pipeline/ingest/dataset.ts';
import { evaluatePerson } from '../pipeline/rules/person.ts';
import { gate } from '../pipeline/gate/gate.ts';
import { WitnessTally, witnessOf } from '../pipeline/gate/witnesses.ts';
import { UnitTally } from '../pipeline/gate/unit-tally.ts';
import { regressionsOf, shrunkPerUnit, unitShrunkProblems } from '../pipeline/gate/shrunk.ts';
import type { PersonResult, QualityFile } from '../pipeline/contract/outputs.ts';

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

const whole: number[] = [];
let quality: QualityFile | null = null;
let people: PersonResult[] = [];
for (let r = 0; r < runs; r++) {
  const t = cpu();
  const o = await computeOutputs(dir);
  whole.push(cpu() - t);
  quality = o['quality.json'] as QualityFile;
  people = (o['people.json'] as { people: PersonResult[] }).people;
}

const { dataset: data } = await ingestDataset(dir);
const evaluations = data.people.map((_, i) => evaluatePerson(data, i, data.asOf));
const invariants: number[] = [];
for (let r = 0; r < runs * 3; r++) {
  const t = cpu();
  const witnesses = new WitnessTally();
  const tally = new UnitTally();
  const requiredCourses = data.courses.flatMap((c, k) => (c.required ? [k] : []));
  data.people.forEach((rec, i) => {
    witnesses.add(witnessOf(rec, evaluations[i], requiredCourses));
    tally.addPerson(rec, data.views.offsets[i + 1] - data.views.offsets[i]);
  });
  for (const s of data.sessions) tally.addSession(data.branches, s.branchId);
  gate({ files: quality!.files, rejected: [], unknownIds: [], knownIds: () => [], drop: { period: data.period, asOf: data.asOf, courses: data.courses, witnesses } });
  const ref = { periodId: data.period.id, asOf: quality!.asOf };
  regressionsOf(people, people);
  const byUnit = tally.tallies();
  shrunkPerUnit(ref, ref, byUnit, byUnit, new Set(), (id) => id);
  const groups = data.units.map((u) => ({ id: u.unitId, name: u.unitName, registered: 10 }));
  unitShrunkProblems(ref, ref, [{ kind: '单位', before: groups, now: groups }]);
  invariants.push(cpu() - t);
}
const w = median(whole), i = median(invariants);
console.log(`${data.people.length} people: pipeline ${(w / 1000).toFixed(2)} s CPU (median of ${runs}), invariants ${i.toFixed(1)} ms CPU (median of ${runs * 3}) = ${((i / w) * 100).toFixed(2)} %`);
