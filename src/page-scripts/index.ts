/**
 * talkdeck's scripts that run inside a deck's print page: the PowerPoint capture and the layout
 * and theme measurement. Vite bundles this entry into one classic script (vite.config.ts) that
 * src/browser/page-scripts.ts injects once per document and calls by name; they import no Node
 * module, and share their argument and result types with the Node side.
 */
import { measureLayout } from './layout/measure-layout.js'
import { readTheme } from './layout/read-theme.js'
import { measurePptx } from './pptx/measure-pptx.js'
import { rasterizePicture } from './pptx/pictures.js'

const pageScripts = { measureLayout, readTheme, measurePptx, rasterizePicture }

export type PageScripts = typeof pageScripts

;(globalThis as { __talkdeckPage?: PageScripts }).__talkdeckPage = pageScripts
