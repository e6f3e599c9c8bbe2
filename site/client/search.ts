/**
 * The search box: people, units and branches by name (whatever separator a Uyghur name is typed
 * with, a trailing title ignored) or by exact person id, from a small static JSON index
 * (search-index.json) fetched on first use; matching and ranking live in site/lib/search-find.ts.
 *
 * The form is in the page from the start (so it never pushes the page down when the script
 * runs); without JavaScript a <noscript> style hides it. Results are built with textContent —
 * never HTML from data. Only APIs present in Chromium 69 (no replaceChildren, at, replaceAll…):
 * intranet PCs run old 360 / QQ browser kernels.
 */
import { find, piecesToFetch, prepareIndex, type PreparedIndex, type SearchIndex, type SearchPiece } from '../lib/search-find.ts';

const MAX_RESULTS = 30;
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

function setup(form: HTMLFormElement): void {
  const input = form.querySelector('input');
  const list = form.querySelector('ul');
  if (!input || !list) return;
  let prepared: PreparedIndex | null = null;
  let loading: Promise<void> | null = null;

  const load = () => {
    if (!loading) {
      loading = fetch(form.getAttribute('data-index') || `${base}search-index.json`)
        .then((r) => r.json() as Promise<SearchIndex>)
        // The people come in one piece per unit; fetch those this browser may read (a piece
        // that fails — not allowed, gone — is left out, never asked for a password).
        .then((data) => Promise.all(piecesToFetch(data.pieces || [], document.cookie).map((path) =>
          fetch(base + path, { credentials: 'same-origin' })
            .then((r) => (r.ok ? (r.json() as Promise<SearchPiece>) : { people: [] }))
            .catch(() => ({ people: [] as SearchPiece['people'] })))).then((pieces) => {
          let people = data.people;
          for (const piece of pieces) people = people.concat(piece.people);
          prepared = prepareIndex({ units: data.units, branches: data.branches, people });
        }))
        .catch(() => { loading = null; });
    }
    return loading;
  };

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

  const render = () => {
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
          branch ? `${base}${branch[1]}#${anchor || `p-${id}`}` : null));
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
  input.addEventListener('focus', () => { void load(); });
  input.addEventListener('input', () => { void load().then(render); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' || e.key === 'Esc') { input.value = ''; render(); }
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) clear(list);
  });
  // Typed before the script ran: search it now.
  if (input.value.trim()) void load().then(render);
}

Array.prototype.forEach.call(document.querySelectorAll('form.search'), setup);
