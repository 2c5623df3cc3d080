/**
 * Every interface string the cells show, in each language the site speaks. Plain data and small
 * functions, so the build (Cell.astro, cell-view.ts, charts) and the live client share one table.
 * Starlight translates its own interface; these are ours.
 */
import { enLive, type LiveStrings, zhCnLive } from './ui-live-strings.ts';

export type { LiveStrings };
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
  /** A figure in prose whose cell has no results yet. */
  figureMissing: string;
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
  downloadNotebook: string;
  /** Other machines' faint marks on a chart, and the selector that brings one forward. */
  machines: { spread(n: number): string; select: string; none: string };
  live: LiveStrings;
  notebook: NotebookStrings;
  ledger: LedgerStrings;
}

/** The claim ledger's columns, verdict words and the line that says whose machine judged. */
export interface LedgerStrings {
  /** The table's accessible name (it scrolls sideways on narrow screens, so it takes the keyboard's focus). */
  label: string;
  columns: [claim: string, essay: string, measured: string, verdict: string];
  verdicts: Record<'holds' | 'does not hold' | 'within noise' | 'depends' | 'unmeasurable' | 'too few trials' | 'untested', string>;
  /** "keep-alive: A ÷ B = 0.94 (0.91–0.97)": the measure's ratio between the claim's two variants. */
  ratio(a: string, b: string, ratio: string, condition?: string): string;
  capped(condition?: string): string;
  /** "keep-alive: Fastify p50 = 0.62 (0.60–0.65), bound < 1". */
  bound(a: string, value: string, bound: string, condition?: string): string;
  noResults(cell: string): string;
  /** Under the table: which machine and run the verdicts are for, and where the rules are. */
  judgedOn(machine: string, date: string, trials: number): string;
  rules: string;
  /** A figure's tooltip: what the interval is. */
  figureTitle(n: number): string;
  /** "holds on 3 of 4 machines": how many machines' results give the verdict the table shows. */
  onMachines(verdict: string, n: number, of: number): string;
}

/** What an exported Jupyter notebook says of itself, beyond the cells' own strings. */
export interface NotebookStrings {
  intro(url: string, slug: string, fromCheckout: boolean): string;
  measureWith(cmd: string): string;
  measuredWith(provenance: string, json: string): string;
}

const enLedger: LedgerStrings = {
  label: "The essay's claims, judged from the results",
  columns: ['claim', 'where the essay makes it', 'what we measured here', 'verdict'],
  verdicts: {
    holds: 'holds',
    'does not hold': 'does not hold',
    'within noise': 'within noise',
    depends: 'depends',
    unmeasurable: 'unmeasurable here',
    'too few trials': 'too few trials',
    untested: 'untested',
  },
  ratio: (a, b, ratio, condition) => `${condition ? `${condition}: ` : ''}${a} ÷ ${b} = ${ratio}`,
  capped: (condition) => `${condition ? `${condition}: ` : ''}capped by the load generator`,
  bound: (a, value, bound, condition) => `${condition ? `${condition}: ` : ''}${a ? `${a}: ` : ''}${value} (claim: ${bound})`,
  noResults: (cell) => `no results for ${cell} yet`,
  judgedOn: (machine, date, trials) =>
    `Verdicts computed from the stored results: ${machine}, measured ${date}, ${trials === 1 ? 'a single trial' : `${trials} trials`} per variant.`,
  rules: 'How the words are decided',
  figureTitle: (n) => `median of ${n} trials, with its 95 % interval`,
  onMachines: (verdict, n, of) => `${verdict} on ${n} of ${of} machines`,
};

const zhLedger: LedgerStrings = {
  label: '原文的论断，按实测结果判定',
  columns: ['论断', '原文出处', '本站实测', '结论'],
  verdicts: {
    holds: '成立',
    'does not hold': '不成立',
    'within noise': '在噪声之内',
    depends: '视情况而定',
    unmeasurable: '此处无法测量',
    'too few trials': '试验次数不足',
    untested: '未测试',
  },
  ratio: (a, b, ratio, condition) => `${condition ? `${condition}：` : ''}${a} ÷ ${b} = ${ratio}`,
  capped: (condition) => `${condition ? `${condition}：` : ''}受压测工具上限所限`,
  bound: (a, value, bound, condition) => `${condition ? `${condition}：` : ''}${a ? `${a}：` : ''}${value}（论断：${bound}）`,
  noResults: (cell) => `${cell} 尚无结果`,
  judgedOn: (machine, date, trials) => `结论由已存结果计算得出：${machine}，测于 ${date}，每个变体 ${trials} 次试验。`,
  rules: '结论用词的判定规则',
  figureTitle: (n) => `${n} 次试验的中位数及其 95% 区间`,
  onMachines: (verdict, n, of) => `${of} 台机器中有 ${n} 台${verdict}`,
};

const en: UiStrings = {
  rows: (n) => `Rows (${n})`,
  essayFigures: "The essay's published figures, for comparison:",
  essayLegend: "essay's figure",
  measuredLegend: 'measured here',
  showEssay: "Show the essay's figures",
  machines: {
    spread: (n) =>
      `Faint dots: ${n === 1 ? 'one other machine' : `${n} other machines`}, each figure a ratio to that machine's own baseline, drawn on this machine's scale (same runtime and preset only).`,
    select: 'Bring forward a machine:',
    none: 'none',
  },
  measuredWith: 'Measured with',
  rawJson: 'raw JSON',
  csv: 'CSV',
  parameters: 'Parameters:',
  measureIt: 'Measure it with',
  notMeasured: 'Not measured yet.',
  figureMissing: '(not measured yet)',
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
  downloadNotebook: 'Download as Jupyter notebook (.ipynb)',
  notebook: {
    intro: (url, slug, fromCheckout) =>
      `*Exported from ${fromCheckout ? `[the chapter's source](${url}) in the project's checkout` : `[the chapter on the site](${url})`}.* Each experiment's code, ` +
      `a file in \`notebooks/${slug}/\` of the project (TypeScript, or the essay's own Python), is shown above the code cell that runs it; ` +
      `the cells' outputs are the results stored with the project. Run them with Deno's Jupyter kernel from a checkout ` +
      `(\`npm run export -- ${slug} --execute\` does it headless), or re-measure with \`npm run bench -- ${slug}\`.`,
    measureWith: (cmd) => `Measure it with \`${cmd}\`.`,
    measuredWith: (p, json) => `Measured with ${p} · [raw JSON](${json})`,
  },
  live: enLive,
  ledger: enLedger,
};

const zhCn: UiStrings = {
  rows: (n) => `数据行（${n}）`,
  essayFigures: '原文发表的数据，供对照：',
  essayLegend: '原文数据',
  measuredLegend: '本站实测',
  showEssay: '显示原文数据',
  machines: {
    spread: (n) =>
      `浅色圆点是另外 ${n} 台机器的结果：每个数先换算成相对该机器自身基线的比值，再按本机的基线画出（只比较同一运行时、同一预设）。`,
    select: '突出显示一台机器：',
    none: '不突出',
  },
  measuredWith: '测量环境',
  rawJson: '原始 JSON',
  csv: 'CSV',
  parameters: '参数：',
  measureIt: '测量命令',
  notMeasured: '尚未测量。',
  figureMissing: '（尚未测量）',
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
  downloadNotebook: '下载 Jupyter 笔记本 (.ipynb)',
  notebook: {
    intro: (url, slug, fromCheckout) =>
      `*导出自${fromCheckout ? `项目目录中[本章的源文件](${url})` : `[网站上的本章](${url})`}。* 每个实验的代码（项目中 \`notebooks/${slug}/\` 下的文件：TypeScript，或原文自己的 Python）` +
      `列在运行它的代码单元上方；各单元的输出是随项目保存的结果。请在项目目录中用 Deno 的 Jupyter 内核运行它们` +
      `（\`npm run export -- ${slug} --execute\` 可在命令行完成），或用 \`npm run bench -- ${slug}\` 重新测量。`,
    measureWith: (cmd) => `用 \`${cmd}\` 测量。`,
    measuredWith: (p, json) => `测量环境：${p} · [原始 JSON](${json})`,
  },
  live: zhCnLive,
  ledger: zhLedger,
};

const TABLE: Record<Lang, UiStrings> = { en, 'zh-cn': zhCn };

/** The language of a Starlight locale (`undefined` is the root locale, English). */
export function langOf(locale: string | undefined): Lang {
  return locale?.toLowerCase() === 'zh-cn' ? 'zh-cn' : 'en';
}

export function ui(lang: Lang = 'en'): UiStrings {
  return TABLE[lang];
}
