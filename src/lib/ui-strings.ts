/**
 * Every interface string the cells show, in each language the site speaks. Plain data and small
 * functions, so the build (Cell.astro, cell-view.ts, charts) and the live client share one table.
 * Starlight translates its own interface; these are ours.
 */
export type Lang = 'en' | 'zh-cn';

export interface UiStrings {
  rows(n: number): string;
  essayFigures: string;
  essayLegend: string;
  measuredLegend: string;
  showEssay: string;
  measuredWith: string;
  rawJson: string;
  csv: string;
  parameters: string;
  measureIt: string;
  notMeasured: string;
  stale: string;
  staleShort: string;
  upToDate: string;
  chartOf(id: string): string;
  cores(n: number): string;
  commit(sha: string, dirty: boolean): string;
  noCommit: string;
  preset(name: string): string;
  pinned: string;
  load: string;
  database: string;
}

const en: UiStrings = {
  rows: (n) => `Rows (${n})`,
  essayFigures: "The essay's published figures, for comparison:",
  essayLegend: "essay's figure",
  measuredLegend: 'measured here',
  showEssay: "Show the essay's figures",
  measuredWith: 'Measured with',
  rawJson: 'raw JSON',
  csv: 'CSV',
  parameters: 'Parameters:',
  measureIt: 'Measure it with',
  notMeasured: 'Not measured yet.',
  stale: 'Stale: the cell, a module it imports, or the runtime changed since these results were measured.',
  staleShort: 'stale',
  upToDate: 'up to date',
  chartOf: (id) => `Chart of ${id}`,
  cores: (n) => `${n} cores`,
  commit: (sha, dirty) => `commit ${sha}${dirty ? ' + local changes' : ''}`,
  noCommit: 'no git commit',
  preset: (name) => `${name} preset`,
  pinned: 'pinned',
  load: 'load',
  database: 'database',
};

const zhCn: UiStrings = {
  rows: (n) => `数据行（${n}）`,
  essayFigures: '原文发表的数据，供对照：',
  essayLegend: '原文数据',
  measuredLegend: '本站实测',
  showEssay: '显示原文数据',
  measuredWith: '测量环境',
  rawJson: '原始 JSON',
  csv: 'CSV',
  parameters: '参数：',
  measureIt: '测量命令',
  notMeasured: '尚未测量。',
  stale: '已过期：自这些结果测得以来，单元代码、它导入的模块或运行时已有改动。',
  staleShort: '已过期',
  upToDate: '最新',
  chartOf: (id) => `${id} 的图表`,
  cores: (n) => `${n} 核`,
  commit: (sha, dirty) => `提交 ${sha}${dirty ? '（含本地改动）' : ''}`,
  noCommit: '无 git 提交',
  preset: (name) => `${name} 预设`,
  pinned: '绑核',
  load: '压测',
  database: '数据库',
};

const TABLE: Record<Lang, UiStrings> = { en, 'zh-cn': zhCn };

/** The language of a Starlight locale (`undefined` is the root locale, English). */
export function langOf(locale: string | undefined): Lang {
  return locale?.toLowerCase() === 'zh-cn' ? 'zh-cn' : 'en';
}

export function ui(lang: Lang = 'en'): UiStrings {
  return TABLE[lang];
}
