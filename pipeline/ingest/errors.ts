/**
 * A problem that stops the run (SPEC §1): a missing required file or column, an unreadable
 * file, an invalid period.json. The message is Chinese and names the file (and column).
 */
export class FatalInputError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}：${message}`);
    this.name = 'FatalInputError';
  }
}
