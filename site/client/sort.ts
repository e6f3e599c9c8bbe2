/**
 * Sortable tables: every `table.sortable` gets buttons in its header cells. A cell sorts by its
 * `data-sort` value when it has one (numbers), else by its text (Chinese collation). Without
 * JavaScript the tables are simply in their server order.
 */
const collator = new Intl.Collator('zh-CN', { numeric: true });

type Key = number | string;

function keyOf(row: HTMLTableRowElement, col: number): Key {
  const cell = row.cells[col];
  if (!cell) return '';
  const raw = cell.dataset.sort ?? (cell.textContent ?? '').trim();
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

function compare(a: Key, b: Key): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return collator.compare(a, b);
}

function sortTable(table: HTMLTableElement, th: HTMLTableCellElement, col: number): void {
  const descending = th.getAttribute('aria-sort') === 'ascending';
  for (const other of Array.from(table.tHead?.rows[0]?.cells ?? [])) other.removeAttribute('aria-sort');
  th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  const body = table.tBodies[0];
  if (!body) return;
  const rows = Array.from(body.rows).map((row, i) => ({ row, i, key: keyOf(row, col) }));
  rows.sort((x, y) => (descending ? compare(y.key, x.key) : compare(x.key, y.key)) || x.i - y.i);
  const frag = document.createDocumentFragment();
  for (const r of rows) frag.appendChild(r.row);
  body.appendChild(frag);
}

function enhance(table: HTMLTableElement): void {
  const head = table.tHead?.rows[0];
  if (!head) return;
  Array.from(head.cells).forEach((th, col) => {
    if (th.hasAttribute('data-nosort')) return;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    button.title = '点击排序';
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener('click', () => sortTable(table, th, col));
  });
}

document.querySelectorAll<HTMLTableElement>('table.sortable').forEach(enhance);
