/**
 * What went wrong reaching a file or folder, in words that name the real cause (docs/gate.md: an
 * unreadable folder is not "no period.json"; a vanished link is not "retry"). Node's error codes
 * say it: ENOENT on a path that is itself a symbolic link means the link's target is gone;
 * EACCES/EPERM is a permission; ELOOP a link pointing at itself. Root is not stopped by
 * permission bits, so the permission case is also reached through these codes alone (tests give
 * the error as the file system would).
 */
import { lstatSync, readlinkSync } from 'node:fs';

export type FsProblemKind = 'missing' | 'dangling-link' | 'permission' | 'link-loop' | 'not-a-folder' | 'is-a-folder' | 'other';

export interface FsProblem {
  readonly kind: FsProblemKind;
  /** Chinese: what is wrong with `path` and what to do. */
  readonly message: string;
}

/** A dangling symbolic link's target, or null when `path` is no symbolic link. */
export function danglingTarget(path: string): string | null {
  try {
    if (!lstatSync(path).isSymbolicLink()) return null;
    return readlinkSync(path);
  } catch {
    return null;
  }
}

/**
 * The problem `error` (thrown by reading or listing `path`) is, for a `what` such as
 * “文件” or “文件夹”. `path` is the one that failed: for a link, the link itself.
 */
export function fsProblem(error: unknown, path: string, what: '文件' | '文件夹'): FsProblem {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') {
    const target = danglingTarget(path);
    if (target !== null) {
      return { kind: 'dangling-link', message: `${path} 是一个链接（快捷方式），它指向的 ${target} 已不存在（被移走、改名或删除）。重试没有用：请把真正的${what}放回原处，或删除这个失效的链接后放入${what}本身` };
    }
    return { kind: 'missing', message: `${path} 不存在` };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { kind: 'permission', message: `没有权限${what === '文件夹' ? '打开或列出' : '读取'} ${path}（${code}：权限被拒绝）。请让该${what}的所有者或管理员给运行本程序的账户加上读取${what === '文件夹' ? '和进入（执行）' : ''}权限，例如 chmod ${what === '文件夹' ? 'a+rx' : 'a+r'}` };
  }
  if (code === 'ELOOP') {
    return { kind: 'link-loop', message: `${path} 是一个指向自身（或互相指向）的链接，无法打开。请删除该链接，放入${what}本身` };
  }
  if (code === 'ENOTDIR') return { kind: 'not-a-folder', message: `${path} 的路径中有一项是文件而不是文件夹` };
  if (code === 'EISDIR') return { kind: 'is-a-folder', message: `${path} 是一个文件夹，不是文件` };
  return { kind: 'other', message: `无法读取 ${path}（${code ?? (error as Error)?.message ?? error}）` };
}

/**
 * A data file listed in the folder that is not there when read (ENOENT): a link whose target is
 * gone — retrying cannot help — or a file really moved away meanwhile.
 */
export function vanishedMessage(path: string): string {
  const target = danglingTarget(path);
  if (target !== null) {
    return `该文件是一个链接（快捷方式），它指向的 ${target} 已不存在（被移走、改名或删除），重试没有用。请把真正的文件放进数据目录（替换这个链接），或删除这个失效的链接`;
  }
  return '文件在读取前消失了（读取期间被移走或删除）。请确认数据目录中没有其他程序在移动文件后重试';
}
