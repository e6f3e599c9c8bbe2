/**
 * docs/deploy.md, followed word for word (docs/site.md, the issue-as-is round): every ```sh block of the guide
 * runs, in order and in one bash (set -euo pipefail), on a small generated dataset, with real
 * nginx (Debian's; .ci/run installs it) — then the access matrix over HTTPS.
 *
 * The only differences from a reader on a fresh Debian server:
 * - the settings block (step 0) is replaced by the same names pointing into a temporary folder
 *   and two free ports (the test checks the guide sets exactly these names);
 * - PATH holds shims for what needs the real machine: `sudo` runs the command itself, `nginx`
 *   is Debian's nginx with a Debian-like nginx.conf of the temporary folder (including its
 *   sites-enabled/), `systemctl reload nginx` is `nginx -s reload`. Run as root (CI), nginx's
 *   workers run as www-data as on Debian, so a folder or password file they cannot read fails
 *   here as it would there; run as another user, `chown` is a no-op (nginx runs as that user).
 * The generated configuration's full matrix (every file × every kind of account) is
 * test/site/editions.test.ts; this one checks what the guide adds: it runs at all, HTTPS,
 * the release readable by nginx, accounts added without losing others, the headers, the
 * site's 404 page, and the check that finds missing password files.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTsx } from '../helpers/spawn.ts';

const root = resolve(import.meta.dirname, '../..');
const GUIDE = readFileSync(join(root, 'docs/deploy.md'), 'utf8');
const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
if (!NGINX) console.warn('[deploy-guide] ⚠ 跳过部署指南测试：未找到 nginx（apt-get install -y nginx；.ci/run 会自动安装）');
const asRoot = process.getuid?.() === 0;

/** The guide's fenced blocks, in order. */
function blocks(md: string): { lang: string; code: string }[] {
  return [...md.matchAll(/^```(\S*)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1], code: m[2] }));
}

const SETTING = /^(XS_[A-Z_]+)=\S+/;

describe('docs/deploy.md: its commands', () => {
  it('start with one settings block that only sets XS_… names, which the other blocks use', () => {
    const sh = blocks(GUIDE).filter((b) => b.lang === 'sh');
    expect(sh.length).toBeGreaterThanOrEqual(5);
    const lines = sh[0].code.split('\n').filter((l) => l.trim());
    for (const l of lines) expect(l, 'a settings line').toMatch(SETTING);
    const names = lines.map((l) => SETTING.exec(l)![1]);
    const rest = sh.slice(1).map((b) => b.code).join('\n');
    for (const n of names) expect(rest, n).toContain(`$${n}`);
    // No block names a path the settings own (a reader would have to edit it).
    expect(rest).not.toMatch(/\/etc\/nginx|\/srv\/|~\/xueshi/);
  });
});

interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

function freePort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => done(port));
    });
  });
}

describe.skipIf(!NGINX)('docs/deploy.md followed word for word, with real nginx', () => {
  const work = mkdtempSync(join(tmpdir(), 'xs-deploy-guide-'));
  const host = 'xueshi.test';
  const s = {
    XS_SRC: root, XS_DATA: join(work, 'data'), XS_BUILD: join(work, 'build'), XS_SRV: join(work, 'srv'),
    XS_PASSWORDS: join(work, 'passwords'), XS_NGINX: join(work, 'etc-nginx'), XS_HOST: host,
    XS_CERT: join(work, 'ssl', 'xueshi.pem'), XS_KEY: join(work, 'ssl', 'xueshi.key'), XS_HTTP_PORT: '0', XS_HTTPS_PORT: '0',
  };
  const bin = join(work, 'bin');
  const nginxPrefix = join(work, 'nginx');
  const env = () => ({ ...process.env, PATH: `${bin}:${process.env.PATH}`, ASTRO_TELEMETRY_DISABLED: '1', NPM_CONFIG_UPDATE_NOTIFIER: 'false' });
  let run: ReturnType<typeof spawnSync>;
  let unitA = '';
  let unitB = '';

  const https = (path: string, auth?: [string, string]): Promise<Reply> => new Promise((done, fail) => {
    const headers: Record<string, string> = {};
    if (auth) headers.Authorization = `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`;
    // The certificate the guide made: trusted for this request only, checked against the host name.
    const req = httpsRequest({ host: '127.0.0.1', servername: host, port: Number(s.XS_HTTPS_PORT), path, headers, ca: readFileSync(s.XS_CERT) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
  const shim = (name: string, body: string) => writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  const nginxCtl = (...args: string[]) => spawnSync(join(bin, 'nginx'), args, { encoding: 'utf8', env: env() });

  beforeAll(async () => {
    // nginx's workers (www-data when run as root) must reach the site through this folder.
    chmodSync(work, 0o755);
    s.XS_HTTP_PORT = String(await freePort());
    s.XS_HTTPS_PORT = String(await freePort());
    runTsx(['generate/cli.ts', '--people', '150', '--units', '4', '--seed', '21', '--out', s.XS_DATA], 'generate', 120_000);

    // A Debian-like /etc/nginx: nginx.conf including sites-enabled/*, running as www-data when root.
    mkdirSync(join(s.XS_NGINX, 'sites-available'), { recursive: true });
    mkdirSync(join(s.XS_NGINX, 'sites-enabled'), { recursive: true });
    mkdirSync(join(nginxPrefix, 'tmp'), { recursive: true });
    writeFileSync(join(s.XS_NGINX, 'nginx.conf'), [
      asRoot ? 'user www-data;' : '',
      `pid ${nginxPrefix}/nginx.pid;`, `error_log ${nginxPrefix}/error.log warn;`,
      'worker_processes 1;', 'events { worker_connections 64; }',
      'http {',
      '  access_log off; default_type application/octet-stream;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${nginxPrefix}/tmp/${t};`),
      `  include ${s.XS_NGINX}/sites-enabled/*;`,
      '}', '',
    ].join('\n'));
    mkdirSync(bin, { recursive: true });
    mkdirSync(join(work, 'ssl'), { recursive: true });
    shim('sudo', 'exec "$@"');
    shim('nginx', `exec ${NGINX} -p ${nginxPrefix}/ -c ${s.XS_NGINX}/nginx.conf -e ${nginxPrefix}/error.log "$@"`);
    shim('systemctl', `[ "$*" = "reload nginx" ] || { echo "systemctl $* is not emulated" >&2; exit 1; }\nexec ${join(bin, 'nginx')} -s reload`);
    if (!asRoot) shim('chown', 'exit 0  # not root: nginx runs as this user, who owns the files');
    // nginx is running, as after apt-get install on Debian (nothing enabled yet).
    const started = nginxCtl();
    if (started.status !== 0) throw new Error(`nginx did not start: ${started.stderr}`);

    const sh = blocks(GUIDE).filter((b) => b.lang === 'sh');
    const settings = Object.entries(s).map(([k, v]) => `${k}=${v}`).join('\n');
    const script = ['set -euo pipefail', settings, ...sh.slice(1).map((b, i) => `echo "== block ${i + 2}" >&2\n${b.code}`)].join('\n');
    run = spawnSync('bash', ['-c', script], { cwd: work, encoding: 'utf8', env: env(), timeout: 900_000 });
    expect(run.status, `the guide's commands failed:\n${String(run.stdout).slice(-3000)}\n${String(run.stderr).slice(-3000)}`).toBe(0);

    const tsv = readFileSync(join(s.XS_SRV, 'deploy', 'accounts-full.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    unitA = tsv.find((r) => r[1] === 'U001')![0].replace(/^unit-|\.htpasswd$/g, '');
    unitB = tsv.find((r) => r[1] !== 'U001' && r[1] !== '*')![0].replace(/^unit-|\.htpasswd$/g, '');
    // The reload takes a moment: wait until the site answers.
    for (let i = 0; ; i++) {
      try {
        if ((await https('/xs/')).status === 200) break;
      } catch (e) {
        if (i > 100) throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 900_000);

  afterAll(() => {
    nginxCtl('-s', 'stop');
    rmSync(work, { recursive: true, force: true });
  });

  it('builds both editions and publishes them readable by nginx\'s user (no 0700 folder, no 0600 file)', () => {
    const closed: string[] = [];
    for (const edition of ['full', 'public']) {
      const current = join(s.XS_SRV, edition, 'current');
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const p = join(dir, e.name);
          const mode = statSync(p).mode;
          if (e.isDirectory()) { if ((mode & 0o005) !== 0o005) closed.push(`${p} ${(mode & 0o777).toString(8)}`); walk(p); }
          else if ((mode & 0o004) === 0) closed.push(`${p} ${(mode & 0o777).toString(8)}`);
        }
      };
      expect(statSync(current).mode & 0o005, current).toBe(0o005);
      walk(current);
    }
    expect(closed).toEqual([]);
    // The build's own site folder is open too (rsync -a or cp -a would keep its mode).
    expect(statSync(join(s.XS_BUILD, 'dist')).mode & 0o777).toBe(0o755);
  });

  it('serves over HTTPS with the guide\'s certificate; plain HTTP only redirects there', async () => {
    const plain = await new Promise<Reply>((done, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port: Number(s.XS_HTTP_PORT), path: '/xs/units/', headers: { Host: host } }, (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: '' }));
      });
      req.on('error', fail);
      req.end();
    });
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe(`https://${host}/xs/units/`);
    const page = await https('/xs/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<html');
    expect((await https('/xs-public/')).status).toBe(200);
  });

  it('a unit\'s accounts read their unit and not another; admins read all; open pages are open', async () => {
    const wangli: [string, string] = ['wangli', 'another passphrase'];
    const zhaomin: [string, string] = ['zhaomin', 'a third passphrase'];
    const admin: [string, string] = ['admin-zzb', 'a long passphrase'];
    const matrix: [string, [string, string] | undefined, number][] = [
      ['/xs/', undefined, 200], ['/xs/units/', undefined, 200], ['/xs/rankings/', undefined, 200], ['/xs/notice/', undefined, 200],
      [`/xs/units/${unitA}/`, undefined, 401], [`/xs/units/${unitA}/`, wangli, 200],
      // The second account of the same file: adding it kept the first (the guide appends).
      [`/xs/units/${unitA}/`, zhaomin, 200], [`/xs/units/${unitA}/`, admin, 200],
      [`/xs/units/${unitA}/`, ['wangli', 'wrong'], 401],
      [`/xs/units/${unitB}/`, wangli, 401], [`/xs/units/${unitB}/`, admin, 200],
      ['/xs/quality/', undefined, 401], ['/xs/quality/', wangli, 401], ['/xs/quality/', admin, 200],
      ['/xs/downloads/people.csv', wangli, 401], ['/xs/downloads/people.csv', admin, 200],
      ['/xs-public/units/', undefined, 200], ['/xs-public/rankings/', undefined, 200],
    ];
    const wrong: string[] = [];
    for (const [path, auth, want] of matrix) {
      const r = await https(path, auth);
      if (r.status !== want) wrong.push(`${auth?.[0] ?? 'anonymous'} ${path}: ${r.status}, expected ${want}`);
    }
    expect(wrong).toEqual([]);
  });

  it('every answer (200, 401, 404) carries the security headers and no nginx version', async () => {
    for (const [path, auth] of [['/xs/', undefined], [`/xs/units/${unitA}/`, undefined], ['/xs/no-such-page/', undefined], ['/xs-public/', undefined],
      [`/xs/units/${unitA}/`, ['wangli', 'another passphrase']]] as [string, [string, string] | undefined][]) {
      const r = await https(path, auth);
      expect(r.headers['x-content-type-options'], path).toBe('nosniff');
      expect(r.headers['referrer-policy'], path).toBe('same-origin');
      const csp = String(r.headers['content-security-policy']);
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/https?:|\*|unsafe-eval/);
      expect(r.headers.server, path).toBe('nginx');
    }
  });

  it('a page that does not exist is the site\'s own 404 page, also for a signed-in unit account', async () => {
    const site404 = readFileSync(join(s.XS_BUILD, 'dist', '404.html'), 'utf8');
    for (const [path, auth] of [['/xs/no-such-page/', undefined], [`/xs/units/${unitA}/no-such-page/`, ['wangli', 'another passphrase']],
      ['/xs/quality/nope.html', ['admin-zzb', 'a long passphrase']]] as [string, [string, string] | undefined][]) {
      const r = await https(path, auth);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toBe(site404);
    }
  });

  it('nginx -t passes with a password file missing; the guide\'s check finds it and stops the reload', () => {
    const file = join(s.XS_PASSWORDS, `unit-${unitB}.htpasswd`);
    renameSync(file, `${file}.away`);
    try {
      expect(nginxCtl('-t').status).toBe(0);
      const check = spawnSync('sh', [join(s.XS_SRV, 'deploy', 'check-full.sh')], { encoding: 'utf8' });
      expect(check.status).toBe(1);
      expect(check.stdout).toContain(`缺少密码文件：${file}`);
      expect(check.stdout.match(/缺少密码文件/g)).toHaveLength(1);
    } finally {
      renameSync(`${file}.away`, file);
    }
    const ok = spawnSync('sh', [join(s.XS_SRV, 'deploy', 'check-full.sh')], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
  });
});
