/**
 * The machine selector under a chart with other machines' faint marks (core/chart-spread.ts):
 * built here, so without JavaScript the page shows the reference machine's chart and the faint
 * spread, and no control that would do nothing. Choosing a machine brings its marks forward.
 * Loaded by every page with a cell, the static site's included: kept to a few lines, no imports.
 */
for (const note of document.querySelectorAll<HTMLElement>('.am-spread-note[data-machines]')) {
  const ids: string[] = JSON.parse(note.dataset.machines ?? '[]');
  const section = note.closest('.am-cell');
  if (!section || ids.length === 0) continue;
  const select = document.createElement('select');
  select.className = 'am-machine-select';
  select.append(new Option(note.dataset.none ?? '—', ''), ...ids.map((id, i) => new Option(id, String(i))));
  const label = document.createElement('label');
  label.className = 'am-machine-choice';
  label.append(`${note.dataset.select ?? ''} `, select);
  const show = () => {
    section.toggleAttribute('data-machine-chosen', select.value !== '');
    for (const g of section.querySelectorAll('g[class^="am-machine-"]'))
      g.classList.toggle('am-machine-on', select.value !== '' && g.classList.contains(`am-machine-${select.value}`));
  };
  select.addEventListener('change', show);
  // The live page redraws its chart: the chosen machine stays forward.
  new MutationObserver(show).observe(section.querySelector('.am-chart') ?? section, { childList: true });
  note.after(label);
}
