/**
 * The search box: people, units and branches by name (whatever separator a Uyghur name is typed
 * with, a trailing title ignored) or by exact person id. Units and branches come from a small
 * static index (search-index.json) fetched on first use; people from the shards that can hold
 * what is typed (one per character and id bucket), or for a unit's account from its units'
 * pieces. Matching and ranking live in site/lib/search-find.ts.
 *
 * The form is in the page from the start (so it never pushes the page down when the script
 * runs); without JavaScript a <noscript> style hides it. Results are built with textContent —
 * never HTML from data. Only APIs present in Chromium 69 (no replaceChildren, at, replaceAll…):
 * intranet PCs run old 360 / QQ browser kernels.
 */
import { find, personTarget, piecesToFetch, prepareIndex, searchMode, shardsFor, type PreparedIndex, type SearchIndex, type SearchPiece } from '../lib/search-find.ts';

const MAX_RESULTS = 30;
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

function setup(form: HTMLFormElement): void {
  const input = form.querySelector('input');
  const list = form.querySelector('ul');
  if (!input || !list) return;
  type Piece = SearchPiece['people'];
  const none: Piece = [];
  let index: Promise<SearchIndex | null> | null = null;
  const files: { [path: string]: Promise<Piece> } = {};
  const preparedFor: { [paths: string]: PreparedIndex } = {};

  const loadIndex = () => {
    if (!index) {
      index = fetch(form.getAttribute('data-index') || `${base}search-index.json`)
        .then((r) => r.json() as Promise<SearchIndex>)
        .catch(() => { index = null; return null; });
    }
    return index;
  };
  // A people file, fetched once; one that fails (not allowed, gone) counts as empty and is
  // never asked for a password.
  const people = (path: string) => {
    if (!files[path]) {
      files[path] = fetch(base + path, { credentials: 'same-origin' })
        .then((r) => (r.ok ? (r.json() as Promise<SearchPiece>).then((x) => x.people) : none))
        .catch(() => none);
    }
    return files[path];
  };

  /**
   * The index to search `query` in. Open site or admin: units, branches and the shards that
   * can hold the query (one small file per character, never the province); a unit's account:
   * the pieces of the units whose pages this browser opened.
   */
  const prepare = (query: string): Promise<PreparedIndex | null> => loadIndex().then((data) => {
    if (!data) return null;
    const paths = data.shards && searchMode(document.cookie) === 'shards'
      ? shardsFor(data.shards, query)
      : piecesToFetch(data.pieces || [], document.cookie);
    const key = paths.join('|');
    if (preparedFor[key]) return preparedFor[key];
    return Promise.all(paths.map(people)).then((lists) => {
      const rows = data.people.slice();
      const seen: { [id: string]: boolean } = {};
      for (const list of lists) {
        for (const row of list) {
          if (seen[row[1]]) continue;
          seen[row[1]] = true;
          rows.push(row);
        }
      }
      if (Object.keys(preparedFor).length > 20) for (const k of Object.keys(preparedFor)) delete preparedFor[k];
      preparedFor[key] = prepareIndex({ units: data.units, branches: data.branches, people: rows });
      return preparedFor[key];
    });
  });

  const item = (kind: string, name: string, where: string, url: string | null) => {
    const li = document.createElement('li');
    const a = document.createElement(url ? 'a' : 'span');
    if (url && a instanceof HTMLAnchorElement) a.href = url;
    const k = document.createElement('span');
    k.className = 'kind';
    k.textContent = kind;
    a.appendChild(k);
    a.appendChild(document.createTextNode(name));
    if (where) {
      const w = document.createElement('span');
      w.className = 'where';
      w.textContent = where;
      a.appendChild(w);
    }
    li.appendChild(a);
    return li;
  };

  const render = (prepared: PreparedIndex | null) => {
    clear(list);
    if (!prepared || !input.value.trim()) return;
    const { units, branches, people } = prepared.index;
    const found = find(prepared, input.value, MAX_RESULTS);
    const frag = document.createDocumentFragment();
    if (found.without) frag.appendChild(item('', `按“${found.without}”查找（已忽略职务）`, '', null));
    for (const hit of found.hits) {
      if (hit.kind === 'unit') {
        const [name, path] = units[hit.at];
        frag.appendChild(item('单位', name, '', base + path));
      } else if (hit.kind === 'branch') {
        const [name, path, u] = branches[hit.at];
        frag.appendChild(item('支部', name, units[u] ? units[u][0] : '', base + path));
      } else {
        const [name, id, b, anchor] = people[hit.at];
        const branch = branches[b];
        const unit = branch ? units[branch[2]] : undefined;
        frag.appendChild(item('人员', name, branch ? `${unit ? unit[0] : ''} · ${branch[0]}` : '',
          branch ? base + personTarget(branch[1], id, anchor) : null));
      }
    }
    if (!found.hits.length) frag.appendChild(item('', '没有找到匹配的人员、单位或支部', '', null));
    if (found.more) frag.appendChild(item('', `另有 ${found.more} 条结果，请输入更完整的名字`, '', null));
    list.appendChild(frag);
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const first = list.querySelector('a');
    if (first) first.focus();
  });
  // Searches in flight may finish out of order: only the one for what is typed now is shown.
  const search = () => {
    const query = input.value;
    void prepare(query).then((prepared) => { if (input.value === query) render(prepared); });
  };
  input.addEventListener('focus', () => { void loadIndex(); });
  input.addEventListener('input', search);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' || e.key === 'Esc') { input.value = ''; render(null); }
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) clear(list);
  });
  // Typed before the script ran: search it now.
  if (input.value.trim()) search();
}

Array.prototype.forEach.call(document.querySelectorAll('form.search'), setup);
