import { fileURLToPath } from 'node:url';

/** The hand-made pipeline output the site tests run on (see test/fixtures/site-output/make.ts): 2020-01 第3期 current. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/site-output', import.meta.url));

/** The same root one drop later: a later period's first drop is current (首次统计, the year's ledger over two periods). */
export const NEXT_FIXTURE_DIR = fileURLToPath(new URL('../fixtures/site-output-next', import.meta.url));
