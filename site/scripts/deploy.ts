/**
 * Writes the deployment configuration of a built site (called by build.ts after the swap):
 * DEPLOY/xueshi-<edition>.conf (nginx locations, site/lib/deploy.ts) and, for the full
 * edition, DEPLOY/accounts-full.tsv (which password file belongs to which unit) and
 * DEPLOY/check-full.sh (finds missing password files). Files of dist
 * that no rule classifies are listed loudly: they would be served as open.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readSiteData } from '../lib/data.ts';
import { nginxLocations, passwordCheckScript, passwordFile } from '../lib/deploy.ts';
import { classifyFile, contentsOf, routeRules, type Edition } from '../lib/edition.ts';

export interface DeployTarget {
  edition: Edition;
  base: string;
  /** The built site (to classify its files). */
  dist: string;
  /** The pipeline output the site was built from. */
  json: string;
  /** Where the configuration goes. */
  deployDir: string;
  /** The site's folder as the server sees it (default: dist). */
  root: string;
  /** The folder of the password files on the server. */
  passwords: string;
}

/** Every file below `dir`, as sorted '/'-separated paths relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Writes the files; returns their paths and the files of dist no rule classifies. */
export function writeDeploy(t: DeployTarget): { files: string[]; unclassified: string[] } {
  // Units and branches are all the rules need: without people.json and ledger.json this does not
  // hold a second copy of the province beside the one the build just rendered (≈ 1 GB at 200,000).
  const data = readSiteData(t.json, { people: false });
  const e = contentsOf(t.edition);
  const rules = routeRules(data, e);
  const unclassified = filesOf(t.dist).filter((f) => classifyFile(f, rules, e) === null);
  mkdirSync(t.deployDir, { recursive: true });
  const conf = join(t.deployDir, `xueshi-${t.edition}.conf`);
  writeFileSync(conf, nginxLocations(rules, { base: t.base, root: t.root, passwords: t.passwords }, `${e.label}，数据截至 ${data.asOf}`));
  const files = [conf];
  if (e.people) {
    const tsv = join(t.deployDir, `accounts-${t.edition}.tsv`);
    const rows = [['password_file', 'unit_id', 'unit_name'].join('\t'), ['admin.htpasswd', '*', '管理员（全部单位）'].join('\t')];
    for (const u of data.units) rows.push([passwordFile({ kind: 'unit', unitSlug: u.slug }), u.stat.unitId, u.stat.unitName].map((c) => c.replace(/[\t\r\n]/g, ' ')).join('\t'));
    writeFileSync(tsv, rows.join('\n') + '\n');
    files.push(tsv);
    const check = join(t.deployDir, `check-${t.edition}.sh`);
    const needed = ['admin.htpasswd', ...data.units.map((u) => passwordFile({ kind: 'unit', unitSlug: u.slug }))];
    writeFileSync(check, passwordCheckScript(needed, t.passwords), { mode: 0o755 });
    files.push(check);
  }
  return { files, unclassified };
}
