/** What the PowerPoint tests share about LibreOffice and what a person sees of its renders. */
import { execFileSync } from 'node:child_process'

/** Whether LibreOffice Impress is installed to open the files (`.ci/run` installs it). */
export const hasLibreOffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** Relative luminance of an sRGB pixel (WCAG 2). */
export function luminance([r, g, b]: number[]): number {
  const channel = (value: number) => {
    const c = value / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0)
}
