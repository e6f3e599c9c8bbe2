// Astro renders the pipeline's JSON into a static site (site/ is the source folder).
// The base path and the JSON directory come from the environment, set by site/scripts/build.ts:
//   XUESHI_BASE  the sub-path the site is served under ("/" or "/xs/"), default "/"
//   XUESHI_OUT   the pipeline output directory the pages read (see site/lib/data.ts)
import { defineConfig } from 'astro/config';

const rawBase = process.env.XUESHI_BASE || '/';
const base = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  output: 'static',
  base,
  trailingSlash: 'always',
  build: { format: 'directory', assets: '_assets' },
  compressHTML: true,
  devToolbar: { enabled: false },
  prefetch: false,
  integrations: [],
  vite: {
    logLevel: 'warn',
    // Build-time-only libraries run from node_modules instead of being re-bundled on every build.
    ssr: { external: ['@observablehq/plot', 'd3', 'linkedom', 'zod'] },
    // Intranet PCs often run an older Chromium-based browser: lower the little client script's syntax.
    build: { assetsInlineLimit: 0, target: ['chrome69', 'edge79', 'firefox68', 'safari12'] },
  },
});
