/**
 * A problem that stops the run (docs/data-format.md): a missing required file or column, an unreadable
 * file, an invalid period.json. The message is Chinese and names the file (and column); what
 * it quotes from a file is made printable (no raw control bytes reach a terminal).
 */
import { printable } from './printable.ts';

export class FatalInputError extends Error {
  constructor(readonly file: string, message: string) {
    super(printable(`${file}：${message}`));
    this.name = 'FatalInputError';
  }
}
