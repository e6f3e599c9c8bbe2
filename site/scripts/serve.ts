/**
 * npm run preview -- [--dir dist] [--base /xs/] [--port 4321] [--host 127.0.0.1]
 *
 * A tiny static server for the built site on localhost, honouring the base path (requests
 * outside it get a redirect to the base or 404). Files are resolved strictly inside the site
 * folder. The base defaults to the last build's (build/last-build.json), else "/".
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a URL path names inside `root` under `base`, or null (outside, missing, unsafe). */
export function resolveRequest(root: string, base: string, urlPath: string): string | null {
  if (!urlPath.startsWith(base)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath.slice(base.length));
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const target = resolve(root, `./${rel}`);
  if (target !== root && !target.startsWith(root + sep)) return null;
  if (!existsSync(target)) return null;
  const st = statSync(target);
  if (st.isDirectory()) {
    const index = join(target, 'index.html');
    return existsSync(index) ? index : null;
  }
  return st.isFile() ? target : null;
}

/**
 * A redirect target that stays on this server: `//evil.example/` or `/\\evil` in a Location
 * header is read by browsers as another host (an open redirect), so leading slashes and
 * backslashes collapse to one slash.
 */
export function localLocation(path: string): string {
  return `/${path.replace(/^[\\/]+/, '')}`;
}

export function startServer(dir: string, base: string, port: number, host = '127.0.0.1'): Promise<Server> {
  const root = resolve(dir);
  const notFound = join(root, '404.html');
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split(/[?#]/)[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    // A directory asked for without its slash: redirect, so relative links keep working.
    if (path.startsWith(base) && !path.endsWith('/') && !extname(path)) {
      const dirPath = resolveRequest(root, base, `${path}/`);
      if (dirPath) {
        res.writeHead(301, { Location: localLocation(`${path}/`) }).end();
        return;
      }
    }
    if (base !== '/' && (path === '/' || path === base.slice(0, -1))) {
      res.writeHead(302, { Location: base }).end();
      return;
    }
    const file = resolveRequest(root, base, path);
    const status = file ? 200 : 404;
    const body = file ?? (existsSync(notFound) ? notFound : null);
    const type = body ? TYPES[extname(body)] ?? 'application/octet-stream' : 'text/plain; charset=utf-8';
    res.writeHead(status, { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD' || !body) {
      res.end(body ? undefined : '404 页面不存在');
      return;
    }
    createReadStream(body).pipe(res);
  };
  return new Promise((resolvePromise, reject) => {
    const server = createServer(handler);
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = resolve(root, arg('--dir') ?? 'dist');
  let base = arg('--base');
  if (!base) {
    try {
      const last = JSON.parse(readFileSync(join(root, 'build', 'last-build.json'), 'utf8')) as { outDir?: string; base?: string };
      if (last.outDir === dir && last.base) base = last.base;
    } catch { /* no previous build record: serve at / */ }
  }
  base = `/${(base ?? '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  if (!existsSync(join(dir, 'index.html'))) {
    console.error(`[serve] ${dir} 中没有网站（先运行 npm run build）`);
    process.exitCode = 1;
    return;
  }
  const host = arg('--host') ?? '127.0.0.1';
  let port = Number(arg('--port') ?? process.env.PORT ?? 4321);
  for (let attempt = 0; ; attempt++) {
    try {
      await startServer(dir, base, port, host);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw e;
      port++;
    }
  }
  console.log(`\n学时通已启动：http://${host === '0.0.0.0' ? 'localhost' : host}:${port}${base}\n（按 Ctrl+C 停止）`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(`[serve] 失败：${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
