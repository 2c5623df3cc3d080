import { describe, expect, it } from 'vitest';
import { notebookLink } from './notebook-export-link.ts';

describe('notebookLink', () => {
  it('links an English chapter to its notebook under the base path', () => {
    expect(notebookLink('chapters/servers', 'en', '/')).toEqual({ href: '/notebooks/servers.ipynb', label: 'Download as Jupyter notebook (.ipynb)' });
    expect(notebookLink('chapters/servers', 'en', '/am')).toMatchObject({ href: '/am/notebooks/servers.ipynb' });
  });
  it('links a Chinese chapter to the Chinese notebook, with a Chinese label', () => {
    expect(notebookLink('zh-cn/chapters/servers', 'zh-CN', '/am/')).toEqual({ href: '/am/zh-cn/notebooks/servers.ipynb', label: '下载 Jupyter 笔记本 (.ipynb)' });
  });
  it('gives a Chinese page with English fallback content the English notebook', () => {
    expect(notebookLink('chapters/servers', 'zh-CN', '/')).toEqual({ href: '/notebooks/servers.ipynb', label: '下载 Jupyter 笔记本 (.ipynb)' });
  });
  it('gives other pages no link', () => {
    expect(notebookLink('index', 'en', '/')).toBeUndefined();
    expect(notebookLink('zh-cn', 'zh-CN', '/')).toBeUndefined();
    expect(notebookLink('chapters/a/b', 'en', '/')).toBeUndefined();
  });
});
