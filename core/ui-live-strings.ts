/**
 * The local notebook's controls, in each language (only `npm start` shows them): part of the
 * interface-string table in ui-strings.ts, kept apart because the live page has the most of them.
 */
export interface LiveStrings {
  run: string;
  runCell(id: string): string;
  cancel: string;
  preset: string;
  /** The runtime selector beside the preset. */
  runtime: string;
  edit: string;
  closeEditor: string;
  reset: string;
  save: string;
  saved(file: string): string;
  editorHint: string;
  editorLabel(id: string): string;
  parameters: string;
  paramsEdited: string;
  history: string;
  noHistory: string;
  storedResults: string;
  origin: { file: string; 'edited-code': string; 'edited-params': string };
  runAll: string;
  stopOnError: string;
  runAllProgress(done: number, total: number, current: string | undefined): string;
  runAllDone(ok: number, failed: number, cancelled: number): string;
  queued(position: number | undefined): string;
  running: string;
  runningEdited: string;
  doneSaved: string;
  doneNotSaved: string;
  doneExperiment: string;
  /** A smaller preset's run over stored results of a larger one, not asked to replace them. */
  doneKept(run: string, stored: string): string;
  /** The checkbox that lets a smaller preset's run replace a larger one's results. */
  replaceLarger(run: string, stored: string): string;
  /** Heading of the legend that names each overlaid history entry. */
  overlaysLegend: string;
  failed: string;
  cancelled: string;
  reconnecting: string;
  couldNotStart(message: string): string;
  couldNotCancel(message: string): string;
  couldNotSave(message: string): string;
  loadError(message: string): string;
  errorOf(kind: string): string;
  truncated(stream: string): string;
}

export const enLive: LiveStrings = {
  run: 'Run',
  runCell: (id) => `Run ${id}`,
  cancel: 'Cancel',
  preset: 'Preset',
  runtime: 'Runtime',
  edit: 'Edit code',
  closeEditor: 'Close editor',
  reset: 'Reset',
  save: 'Save',
  saved: (file) => `saved to ${file}`,
  editorHint: 'Shift+Enter runs the edited code without saving it; Ctrl+S (⌘S) saves it to the file.',
  editorLabel: (id) => `Code of ${id}`,
  parameters: 'Parameters',
  paramsEdited: 'edited: runs are experiments, kept in history only',
  history: 'History',
  noHistory: 'No runs yet.',
  storedResults: "the chapter's results",
  origin: { file: 'saved code', 'edited-code': 'edited code', 'edited-params': 'edited parameters' },
  runAll: 'Run all',
  stopOnError: 'Stop at the first failure',
  runAllProgress: (done, total, current) => `Run all: ${done} of ${total} finished${current ? ` · running ${current}` : ''}`,
  runAllDone: (ok, failed, cancelled) => `Run all finished: ${ok} done, ${failed} failed, ${cancelled} cancelled`,
  queued: (p) => `queued · position ${p ?? '?'}`,
  running: 'running',
  runningEdited: 'running edited code (not saved)',
  doneSaved: 'done · results saved',
  doneNotSaved: 'done · not saved',
  doneExperiment: "done · an experiment: kept in the runner's history, the chapter's results unchanged",
  doneKept: (run, stored) =>
    `done · kept in the runner's history: a ${run} run does not replace the stored ${stored} results unless you tick “Replace the ${stored} results with a ${run} run”`,
  replaceLarger: (run, stored) => `Replace the ${stored} results with a ${run} run`,
  overlaysLegend: 'Overlaid runs:',
  failed: 'failed · stored results kept',
  cancelled: 'cancelled · stored results kept',
  reconnecting: 'reconnecting to the runner…',
  couldNotStart: (m) => `Could not start the run: ${m}`,
  couldNotCancel: (m) => `Could not cancel: ${m}`,
  couldNotSave: (m) => `Could not save: ${m}`,
  loadError: (m) => `Could not load the cell: ${m}`,
  errorOf: (kind) => (kind === 'cancelled' ? 'Cancelled' : `Error (${kind})`),
  truncated: (stream) => `… output truncated (${stream} over the runner's cap)`,
};

export const zhCnLive: LiveStrings = {
  run: '运行',
  runCell: (id) => `运行 ${id}`,
  cancel: '取消',
  preset: '预设',
  runtime: '运行时',
  edit: '编辑代码',
  closeEditor: '关闭编辑器',
  reset: '还原',
  save: '保存',
  saved: (file) => `已保存到 ${file}`,
  editorHint: 'Shift+Enter 运行编辑后的代码（不保存）；Ctrl+S（⌘S）保存到文件。',
  editorLabel: (id) => `${id} 的代码`,
  parameters: '参数',
  paramsEdited: '已修改：这样的运行算作实验，只记入历史',
  history: '历史',
  noHistory: '还没有运行记录。',
  storedResults: '本章的结果',
  origin: { file: '已保存的代码', 'edited-code': '编辑后的代码', 'edited-params': '修改后的参数' },
  runAll: '全部运行',
  stopOnError: '遇到失败即停止',
  runAllProgress: (done, total, current) => `全部运行：已完成 ${done}/${total}${current ? ` · 正在运行 ${current}` : ''}`,
  runAllDone: (ok, failed, cancelled) => `全部运行结束：成功 ${ok}，失败 ${failed}，取消 ${cancelled}`,
  queued: (p) => `排队中 · 第 ${p ?? '?'} 位`,
  running: '运行中',
  runningEdited: '正在运行编辑后的代码（未保存）',
  doneSaved: '完成 · 结果已保存',
  doneNotSaved: '完成 · 未保存',
  doneExperiment: '完成 · 这是一次实验：记入运行历史，本章结果不变',
  doneKept: (run, stored) =>
    `完成 · 已记入运行历史：${run} 运行不会替换已存的 ${stored} 结果，除非勾选“用 ${run} 运行替换已存的 ${stored} 结果”`,
  replaceLarger: (run, stored) => `用 ${run} 运行替换已存的 ${stored} 结果`,
  overlaysLegend: '叠加的运行：',
  failed: '失败 · 保留已存结果',
  cancelled: '已取消 · 保留已存结果',
  reconnecting: '正在重新连接运行器…',
  couldNotStart: (m) => `无法开始运行：${m}`,
  couldNotCancel: (m) => `无法取消：${m}`,
  couldNotSave: (m) => `无法保存：${m}`,
  loadError: (m) => `无法载入单元：${m}`,
  errorOf: (kind) => (kind === 'cancelled' ? '已取消' : `错误（${kind}）`),
  truncated: (stream) => `… 输出已截断（${stream} 超过运行器的上限）`,
};
