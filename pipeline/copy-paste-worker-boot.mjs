// Worker threads do not inherit the parent's TypeScript loader (tsx's hooks are per thread):
// register it here, then load the worker itself. Plain JavaScript, so any Node can start it.
// (The bundle, pipeline/bundle.mjs, builds a file of this name from copy-paste-worker.ts.)
import { register } from 'tsx/esm/api';

register();
await import('./copy-paste-worker.ts');
