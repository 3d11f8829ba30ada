/**
 * pdf-lib as talkdeck uses it. `npm run compile` bundles this file over its compiled copy
 * (vite.vendor.config.ts), so an install carries the ~1 MB of pdf-lib that talkdeck runs instead of
 * the 26 MB package with its UMD builds and fonts.
 */
export { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFRef } from 'pdf-lib'
