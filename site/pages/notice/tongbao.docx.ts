/**
 * /notice/tongbao.docx — the current 通报 as a Word document (site/lib/notice-docx.ts), from the
 * same archive as the web page (components/NoticeDocument.astro), paragraph by paragraph.
 */
import type { APIRoute } from 'astro';
import { loadSiteData, previousArchived } from '../../lib/data.ts';
import { buildNotice } from '../../lib/notice.ts';
import { DOCX_TYPE, noticeDocx } from '../../lib/notice-docx.ts';

export const GET: APIRoute = async () => {
  const data = loadSiteData();
  const drop = data.currentDrop;
  const bytes = await noticeDocx(buildNotice(drop.summary, drop.units, { drop, previous: previousArchived(data.archive, drop) }));
  return new Response(bytes, { headers: { 'Content-Type': DOCX_TYPE } });
};
