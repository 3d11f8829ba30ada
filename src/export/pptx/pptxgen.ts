/**
 * pptxgenjs ships ES module code but CommonJS-style typings, so under `NodeNext` TypeScript sees
 * its default export one level further down than Node does. This file gives the rest of the
 * writer the class and the types it uses under plain names.
 */
import * as pptxgenModule from 'pptxgenjs'
import type Pptx from 'pptxgenjs'

type PresentationClass = typeof pptxgenModule.default.default
export type Presentation = InstanceType<PresentationClass>
export type Slide = Pptx.default.Slide
export type TextProps = Pptx.default.TextProps
export type TextPropsOptions = Pptx.default.TextPropsOptions
export type HyperlinkProps = Pptx.default.HyperlinkProps
export type ChartName = Pptx.default.CHART_NAME
export type TableRow = Pptx.default.TableRow
export type TableCell = Pptx.default.TableCell
export type ShapeFill = Pptx.default.ShapeFillProps
export type ChartOptions = Pptx.default.IChartOpts
export type SlideNumberProps = Pptx.default.SlideNumberProps

// Node gives the class as `default`; a CommonJS interop (as in the typings) one level further.
const loaded = (pptxgenModule as unknown as { default: unknown }).default as PresentationClass | { default: PresentationClass }
export const PptxGenJS: PresentationClass = typeof loaded === 'function' ? loaded : loaded.default
