// /notebooks/<chapter>.ipynb: an English chapter as a Jupyter notebook.
import type { APIRoute } from 'astro';
import { notebookPaths, notebookResponse } from './_notebook.ts';

export const prerender = true;
export const getStaticPaths = () => notebookPaths('en');
export const GET: APIRoute = ({ params }) => notebookResponse('en', params.chapter!);
