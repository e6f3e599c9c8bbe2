/**
 * /notices/<period>/<asOf>/tongbao.docx — an archived 通报 as a Word document, from the same
 * archive (the drop and its previous one) as the archived page, so it never changes either.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { archivedNoticePaths, type ArchivedDrop } from '../../../../lib/data.ts';
import { buildNotice } from '../../../../lib/notice.ts';
import { DOCX_TYPE, noticeDocx } from '../../../../lib/notice-docx.ts';

export const getStaticPaths = archivedNoticePaths satisfies GetStaticPaths;

export const GET: APIRoute<{ drop: ArchivedDrop; previous: ArchivedDrop | null }> = async ({ props }) => {
  const { drop, previous } = props;
  const bytes = await noticeDocx(buildNotice(drop.summary, drop.units, { drop, previous }));
  return new Response(bytes, { headers: { 'Content-Type': DOCX_TYPE } });
};
