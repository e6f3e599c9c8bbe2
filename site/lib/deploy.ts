/**
 * The nginx configuration of a built site, generated from the same route rules and slugs the
 * pages use (site/lib/edition.ts). Pure: rules and paths in, configuration text out.
 *
 * The output is a list of `location` blocks to include inside a `server { }` (so several
 * editions can live side by side under different sub-paths of one server):
 * - open routes: no authentication;
 * - a unit's routes: HTTP basic auth against that unit's password file — or, for an account
 *   whose name starts with `admin`, against admin.htpasswd (the name only chooses the file; the
 *   file decides). nginx checks one file per location, and an auth_request subrequest cannot
 *   do the admin check (subrequests skip the access phase: it would let everyone in);
 * - admin routes: the admin's password file only;
 * - gzip for HTML, CSS, JS, JSON, SVG and CSV; hashed assets (_assets/) cached for a year as
 *   immutable, everything else revalidated (no-cache; private where protected);
 * - session cookies that tell the search box which people pieces this browser may fetch
 *   (xs_protected everywhere, xs_u_<slug> on a unit's routes, xs_admin on admin routes): hints
 *   only — nginx's authentication is what protects the files.
 */
import { ASSETS, type Audience, type RouteRule } from './edition.ts';

export interface NginxOptions {
  /** The URL sub-path, "/" or "/xs/". */
  readonly base: string;
  /** Absolute path of the published site's folder on the server (the dist being served). */
  readonly root: string;
  /** Absolute path of the folder holding admin.htpasswd and unit-<slug>.htpasswd. */
  readonly passwords: string;
  /** Basic-auth realm. */
  readonly realm?: string;
}

/** Admin accounts' names start with this (they are checked against admin.htpasswd everywhere). */
export const ADMIN_PREFIX = 'admin';

/** The password file of a unit (by slug) or of the admin. */
export const passwordFile = (a: { kind: 'admin' } | { kind: 'unit'; unitSlug: string }) =>
  a.kind === 'admin' ? 'admin.htpasswd' : `unit-${a.unitSlug}.htpasswd`;

/**
 * The site's content security policy: its own origin only. Scripts are files of _assets/ (no
 * inline script, no eval); styles may be inline because Astro inlines small stylesheets and
 * the charts and legends carry style attributes; the only image is the empty data: favicon.
 */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
  + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

/**
 * What every location repeats (nginx inherits no add_header into a location that has its own):
 * types, charset, gzip, and the security headers — `always`, so 401 and 404 answers carry them too.
 */
const TYPES = `types {
        text/html html; text/css css; application/javascript js mjs; application/json json;
        image/svg+xml svg; text/csv csv; application/xml xml; text/plain txt;
        application/vnd.openxmlformats-officedocument.wordprocessingml.document docx;
    }
    charset utf-8;
    charset_types text/css application/javascript application/json image/svg+xml text/csv application/xml text/plain;
    gzip on;
    gzip_vary on;
    gzip_types text/css application/javascript application/json image/svg+xml text/csv application/xml text/plain;
    server_tokens off;
    add_header X-Content-Type-Options "nosniff" always;
    add_header Referrer-Policy "same-origin" always;
    add_header Content-Security-Policy "${CSP}" always;`;

/** nginx quoting: double quotes, backslash and quote escaped (paths are ours, but be safe). */
const q = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

function cookie(name: string, base: string): string {
  return `add_header Set-Cookie ${q(`${name}=1; Path=${base}; SameSite=Strict`)};`;
}

interface Block { path: string; exact: boolean; audience: Audience }

/**
 * One location block. A folder is served with alias (the site's folder need not sit under the
 * URL's path on disk); exact files too.
 */
function location(b: Block, o: NginxOptions): string {
  const url = o.base + b.path;
  const disk = `${o.root.replace(/\/+$/, '')}/${b.path}`;
  const realm = o.realm ?? 'xueshi';
  // The site's own 404 page for everyone, signed in or not (a unit's folder is its own location).
  const lines = [`error_page 404 ${o.base}404.html;`, `alias ${q(disk)};`, TYPES, cookie('xs_protected', o.base)];
  if (b.audience.kind === 'open') {
    lines.push(b.path === ASSETS
      ? 'add_header Cache-Control "public, max-age=31536000, immutable";'
      : 'add_header Cache-Control "no-cache";');
  } else {
    lines.push('add_header Cache-Control "private, no-cache";');
    lines.push(`auth_basic ${q(realm)};`);
    const dir = o.passwords.replace(/\/+$/, '');
    if (b.audience.kind === 'unit') {
      // The unit's accounts, or an admin: `admin…` names are checked against the admin's file.
      lines.push(
        `set $xs_passwords ${q(`${dir}/${passwordFile(b.audience)}`)};`,
        `if ($remote_user ~ "^${ADMIN_PREFIX}") { set $xs_passwords ${q(`${dir}/admin.htpasswd`)}; }`,
        'auth_basic_user_file $xs_passwords;',
        cookie(`xs_u_${b.audience.unitSlug}`, o.base),
      );
    } else {
      lines.push(`auth_basic_user_file ${q(`${dir}/admin.htpasswd`)};`);
      lines.push(cookie('xs_admin', o.base));
    }
  }
  return `location ${b.exact ? '= ' : ''}${url} {\n    ${lines.join('\n    ')}\n}`;
}

/** The configuration text: one location per rule, the open site, the admin check, 404. */
export function nginxLocations(rules: readonly RouteRule[], o: NginxOptions, generatedFrom = ''): string {
  const blocks: Block[] = [
    { path: '', exact: false, audience: { kind: 'open' } },
    { path: ASSETS, exact: false, audience: { kind: 'open' } },
    ...rules.map((r) => ({ path: r.path, exact: !r.prefix, audience: r.audience })),
  ];
  const header = [
    '# 学时通 — nginx locations, generated by `npm run build` (site/lib/deploy.ts). Do not edit:',
    '# rebuild instead. Include inside a server { } block: include /path/to/this/file;',
    `# Base path ${o.base}; site folder ${o.root}; password files in ${o.passwords}.`,
    generatedFrom ? `# ${generatedFrom}` : '',
  ].filter(Boolean).join('\n');
  const notFound = `location = ${o.base}404.html {\n    internal;\n    alias ${q(`${o.root.replace(/\/+$/, '')}/404.html`)};\n    ${TYPES}\n}`;
  return [header, ...blocks.map((b) => location(b, o)), notFound, ''].join('\n\n');
}

/** Shell quoting: single quotes, a quote inside written '\''. */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * check-full.sh: every password file the configuration names, each tested for reading; prints
 * 缺少密码文件：<path> for each one missing and exits 1. `nginx -t` passes without them (a
 * unit's file is chosen per request), and nginx would then answer 500 on that unit's pages.
 */
export function passwordCheckScript(files: readonly string[], passwords: string): string {
  const dir = passwords.replace(/\/+$/, '');
  return [
    '#!/bin/sh',
    '# 学时通 — generated by `npm run build` (site/lib/deploy.ts): checks that every password file',
    '# of the full edition exists. Run it as root before reloading nginx (docs/deploy.md, step 4).',
    'missing=0',
    'for f in \\',
    ...files.map((f) => `  ${sq(`${dir}/${f}`)} \\`),
    '; do',
    '  if [ ! -r "$f" ]; then echo "缺少密码文件：$f（用 docs/deploy.md 第 3 步创建，可以为空）"; missing=$((missing + 1)); fi',
    'done',
    'if [ "$missing" -gt 0 ]; then echo "共缺少 $missing 个密码文件：nginx 对相应单位的页面会返回 500，请先创建再重新加载" >&2; exit 1; fi',
    `echo "密码文件齐全（${files.length} 个）"`,
    '',
  ].join('\n');
}
