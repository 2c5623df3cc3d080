// /zh-cn/notebooks/<chapter>.ipynb: a Simplified Chinese chapter, for those translated so far.
import type { APIRoute } from 'astro';
import { notebookPaths, notebookResponse } from '../../notebooks/_notebook.ts';

export const prerender = true;
export const getStaticPaths = () => notebookPaths('zh-cn');
export const GET: APIRoute = ({ params }) => notebookResponse('zh-cn', params.chapter!);
