/**
 * Observable Plot rendered to SVG at build time, on one shared linkedom document (building a
 * DOM per chart would cost more than the chart). The SVG is serialised by linkedom, which
 * escapes text and attributes, so data-bearing labels arrive in the page as text, not markup.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

let shared: Document | null = null;

/** The one document every chart of the build is drawn in. */
export function chartDocument(): Document {
  if (!shared) shared = parseHTML('<!DOCTYPE html><html lang="zh-CN"><head></head><body></body></html>').document as unknown as Document;
  return shared;
}

/**
 * Common options: the page's font, a fixed class (deterministic output). The SVG is hidden from
 * assistive technology: its text alternative (role="img" with an aria-label, a caption and a
 * data table) is set by components/Chart.astro, where Astro escapes it. linkedom escapes only
 * quotes in attribute values, so no data-bearing attribute is set here.
 */
export function renderPlot(options: Plot.PlotOptions): string {
  const svg = Plot.plot({
    className: 'xs-plot',
    style: { fontFamily: 'inherit', fontSize: '12px', overflow: 'visible' },
    ...options,
    document: chartDocument(),
  }) as unknown as Element;
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const html = svg.outerHTML;
  svg.remove?.();
  return html;
}

/** Width in pixels a left axis needs for these labels (CJK glyphs ≈ one em, Latin ≈ 0.6 em). */
export function labelWidth(labels: readonly string[], fontPx = 12, max = 240): number {
  let widest = 0;
  for (const l of labels) {
    let w = 0;
    for (const ch of l) w += ch.charCodeAt(0) > 0x2e7f ? fontPx : fontPx * 0.62;
    if (w > widest) widest = w;
  }
  return Math.min(max, Math.ceil(widest) + 12);
}

/** A label cut to fit a chart axis, with an ellipsis (the full text is in the data table). */
export function shorten(label: string, maxChars = 14): string {
  const chars = [...label];
  return chars.length > maxChars ? chars.slice(0, maxChars - 1).join('') + '…' : label;
}

/** A "YYYY-MM-DD" day as a UTC Date (so ticks never depend on the machine's time zone). */
export function utcDay(day: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** "2月3日" of a UTC Date. */
export function tickDay(d: Date): string {
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export const GRADE_COLORS: Record<string, string> = {
  优秀: '#1d6b43',
  合格: '#5aa469',
  进行中: '#e0a526',
  不合格: '#c0392b',
};
