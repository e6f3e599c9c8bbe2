// Astro renders the pipeline's JSON into a static site (site/ is the source folder).
// `npm run build` (site/scripts/build.ts) passes the base path to Astro's build() itself, and
// the JSON directory and edition through the environment the pages read (site/lib/data.ts,
// site/lib/edition.ts). Running astro directly (astro dev), they come from the environment:
//   XUESHI_BASE  the sub-path the site is served under ("/" or "/xs/"), default "/"
//   XUESHI_OUT   the pipeline output directory the pages read
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
  // Two pages of a route in flight: while one page's file is being written (Astro awaits each
  // write), the next renders. At 200,000 people (~3,000 files, 0.7 GB) the main thread sat
  // idle ~7 s on writes; with 2 the Astro part took 56 s instead of 61 s of wall at about 2 s
  // more CPU (4 was no better, 8 worse). Pages share no mutable state while rendering (charts
  // are drawn synchronously; Plot's id counters are used by the single overview page only), so
  // the files are byte-identical to a build with one page at a time.
  build: { format: 'directory', assets: '_assets', concurrency: 2 },
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
