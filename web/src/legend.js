// The layer tree with each layer's legend, from the styles the server draws with.

import { esc } from './api.js';

function swatch(symbol) {
  const fill = symbol.fill || 'transparent';
  const stroke = symbol.stroke || 'transparent';
  const pattern = symbol.fill_pattern && symbol.fill_pattern !== 'solid' ? ` pattern-${symbol.fill_pattern}` : '';
  const dash = symbol.dash_mm && symbol.dash_mm.length ? 'dashed' : 'solid';
  return `<span class="swatch${pattern}" style="background-color:${esc(fill)};border:2px ${dash} ${esc(stroke)}"></span>`;
}

/** A legend list of style categories. */
export function legendHtml(categories) {
  if (!categories.length) return '';
  return `<ul class="legend">${categories.map((c) => `<li>${swatch(c.symbol)}${esc(c.label || c.value)}</li>`).join('')}</ul>`;
}

/** Fills the tree: a checkbox per layer, its legend, and a button for its attribute table. */
export function buildTree(ul, project, layers, onTable) {
  ul.innerHTML = '';
  for (const l of [...project.layers].reverse()) {
    const li = document.createElement('li');
    li.dataset.role = l.role;
    const s = l.style;
    const cats = s.categories.length
      ? legendHtml([...s.categories, ...(s.other_label ? [{ label: s.other_label, symbol: s.symbol }] : [])])
      : '';
    li.innerHTML = `<label><input type="checkbox" ${layers[l.role].getVisible() ? 'checked' : ''}>
      ${s.categories.length ? '' : swatch(s.symbol)}<span class="name">${esc(l.title)}</span></label>
      <div class="meta"><span class="count">${l.features} 个要素</span>
      <button type="button" class="link" title="打开属性表">属性表</button></div>${cats}`;
    li.querySelector('input').addEventListener('change', (e) => layers[l.role].setVisible(e.target.checked));
    li.querySelector('button').addEventListener('click', () => onTable(l));
    ul.appendChild(li);
  }
}
