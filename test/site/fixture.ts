import { fileURLToPath } from 'node:url';

/** The hand-made pipeline output the site tests run on (see test/fixtures/site-output/make.ts). */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/site-output/', import.meta.url));
