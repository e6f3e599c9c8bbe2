/**
 * The search box: substring match over people, units and branches, from a small static JSON
 * index (search-index.json) fetched on first use. Progressive enhancement: the form stays
 * hidden without JavaScript. Results are built with textContent — never HTML from data.
 */
interface SearchIndex {
  /** [name, url path] */
  units: [string, string][];
  /** [name, url path, unit index] */
  branches: [string, string, number][];
  /** [name, person id, branch index, anchor (when not "p-" + person id)] */
  people: [string, string, number, string?][];
}

const MAX_RESULTS = 30;
const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

function setup(form: HTMLFormElement): void {
  const input = form.querySelector('input');
  const list = form.querySelector('ul');
  if (!input || !list) return;
  let index: SearchIndex | null = null;
  let loading: Promise<void> | null = null;

  const load = () => {
    loading ??= fetch(form.dataset.index ?? `${base}search-index.json`)
      .then((r) => r.json() as Promise<SearchIndex>)
      .then((data) => { index = data; })
      .catch(() => { loading = null; });
    return loading;
  };

  const item = (kind: string, name: string, where: string, url: string | null) => {
    const li = document.createElement('li');
    const a = document.createElement(url ? 'a' : 'span');
    if (url && a instanceof HTMLAnchorElement) a.href = url;
    const k = document.createElement('span');
    k.className = 'kind';
    k.textContent = kind;
    a.append(k, document.createTextNode(name));
    if (where) {
      const w = document.createElement('span');
      w.className = 'where';
      w.textContent = where;
      a.append(w);
    }
    li.append(a);
    return li;
  };

  const render = () => {
    list.replaceChildren();
    const q = input.value.trim().toLowerCase();
    if (!q || !index) return;
    const out: HTMLLIElement[] = [];
    const { units, branches, people } = index;
    for (const [name, path] of units) {
      if (out.length >= MAX_RESULTS) break;
      if (name.toLowerCase().includes(q)) out.push(item('单位', name, '', base + path));
    }
    for (const [name, path, u] of branches) {
      if (out.length >= MAX_RESULTS) break;
      if (name.toLowerCase().includes(q)) out.push(item('支部', name, units[u]?.[0] ?? '', base + path));
    }
    let more = 0;
    for (const [name, id, b, anchor] of people) {
      if (!name.toLowerCase().includes(q) && id.toLowerCase() !== q) continue;
      if (out.length >= MAX_RESULTS) { more++; continue; }
      const branch = branches[b];
      out.push(item('人员', name, branch ? `${units[branch[2]]?.[0] ?? ''} · ${branch[0]}` : '', branch ? `${base}${branch[1]}#${anchor ?? `p-${id}`}` : null));
    }
    if (!out.length) out.push(item('', '没有找到匹配的人员、单位或支部', '', null));
    if (more) out.push(item('', `另有 ${more} 条结果，请输入更完整的名字`, '', null));
    list.replaceChildren(...out);
  };

  form.hidden = false;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    list.querySelector('a')?.focus();
  });
  input.addEventListener('focus', () => { void load(); }, { once: true });
  input.addEventListener('input', () => { void load()?.then(render); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { input.value = ''; render(); }
  });
  document.addEventListener('click', (e) => {
    if (!form.contains(e.target as Node)) list.replaceChildren();
  });
}

document.querySelectorAll<HTMLFormElement>('form.search').forEach(setup);
