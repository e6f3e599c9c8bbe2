/**
 * The blocking problems (docs/gate.md) as the last lines of stderr, shared by the pipeline's command
 * line and the site build: one line each, then what to do.
 */
import type { Blocking } from '../contract/outputs.ts';

export function blockingReport(blocking: readonly Blocking[], whatHappened = '输出已写出，供核对；npm run build 不会更新网站'): string {
  return `阻断问题（${blocking.length} 个）：这批数据不能照此发布（${whatHappened}）：\n` +
    blocking.map((b, i) => `  ${i + 1}. ${b.message}\n`).join('') +
    '处理：按上面各条改正数据后重新运行；确认数据无误、必须照此发布时，用 npm run build -- --accept-blocking（网站每页会显示这些问题）。\n';
}
